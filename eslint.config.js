// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Components meet only through named packages (@aispm/api): never another component's src/. */
const COMPONENT_BOUNDARIES = [
  {
    group: ["**/operator/src/**", "**/gateway-sidecar/src/**", "**/cli/src/**"],
    message: "import a component's package entry, not its src/",
  },
  { group: ["**/api/src/**", "../**/api/**"], message: "import the API module as @aispm/api" },
];

/** What each gateway-sidecar/src layer may not import: layers above it (policy/, limits/, obs/, errors, config are shared leaves). */
const GATEWAY_LAYERS = [
  { files: ["gateway-sidecar/src/enforce/**"], layer: "enforce/", forbid: ["server"] },
  { files: ["gateway-sidecar/src/dialects/**"], layer: "dialects/", forbid: ["enforce", "server"] },
  { files: ["gateway-sidecar/src/codec/**"], layer: "codec/", forbid: ["dialects", "enforce", "server"] },
  { files: ["gateway-sidecar/src/filter/**"], layer: "filter/", forbid: ["dialects", "codec", "enforce", "server"] },
  {
    files: ["gateway-sidecar/src/{policy,limits,obs}/**", "gateway-sidecar/src/errors.ts", "gateway-sidecar/src/config.ts"],
    layer: "a shared leaf",
    forbid: ["server"],
  },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "crds/**", "charts/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.js"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      complexity: ["error", 15],
      "max-depth": ["error", 4],
      "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
      "max-params": ["error", 5],
      "no-console": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Components meet only through named packages (@aispm/api): never another component's src/.
    files: ["api/**", "operator/**", "gateway-sidecar/**", "cli/**"],
    rules: { "no-restricted-imports": ["error", { patterns: COMPONENT_BOUNDARIES }] },
  },
  // Gateway layers, top to bottom: server/ (request) -> enforce/ -> dialects/ (+ codec/) -> filter/.
  // A later block's no-restricted-imports replaces the one above for the same files, so each layer
  // block repeats the component boundaries.
  ...GATEWAY_LAYERS.map(({ files, layer, forbid }) => ({
    files,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...COMPONENT_BOUNDARIES,
            {
              group: forbid.map((dir) => `**/${dir}/**`),
              message: `gateway imports point down only: ${layer} must not import ${forbid.map((d) => `${d}/`).join(", ")}`,
            },
          ],
        },
      ],
    },
  })),
  {
    // Tests and benches read as scripts: long describe blocks and console output are expected.
    files: ["**/*.test.ts", "test/**", "bench/**", "hack/**"],
    rules: { "max-lines-per-function": "off", "no-console": "off" },
  },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
