// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/operator/src/**", "**/gateway-sidecar/src/**", "**/cli/src/**"], message: "import a component's package entry, not its src/" },
            { group: ["**/api/src/**", "../**/api/**"], message: "import the API module as @aispm/api" },
          ],
        },
      ],
    },
  },
  {
    // Tests and benches read as scripts: long describe blocks and console output are expected.
    files: ["**/*.test.ts", "test/**", "bench/**", "hack/**"],
    rules: { "max-lines-per-function": "off", "no-console": "off" },
  },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
