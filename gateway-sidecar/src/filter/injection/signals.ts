/** One prompt-injection heuristic: weight is its standalone probability-like strength. */
export interface InjectionSignal {
  readonly id: string;
  readonly weight: number;
  /** RE2 source, matched case-insensitively */
  readonly pattern: string;
}

const PRIOR =
  "(?:previous|prior|above|earlier|preceding|former|original|initial|old|system|developer|existing|all|any|your|the|these|those)";
const RULES =
  "(?:instructions?|rules|directions?|prompts?|guidelines|guidance|context|commands?|orders|constraints|programming|training|policies|restrictions)";
const REVEAL =
  "(?:repeat|print|reveal|show|output|display|tell me|give me|leak|dump|disclose|write out|recite|spell out|paste|return|list)";

export const INJECTION_SIGNALS: readonly InjectionSignal[] = [
  {
    id: "instruction-override",
    weight: 0.8,
    pattern: String.raw`\b(?:ignore|disregard|forget|override|bypass|skip|drop|abandon|neglect|discard)\s+(?:all\s+|any\s+|every\s+|each\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+|these\s+|those\s+|this\s+)?(?:${PRIOR}\s+){1,2}(?:\w+\s+){0,2}?${RULES}\b`,
  },
  {
    id: "instruction-override",
    weight: 0.8,
    pattern: String.raw`\b(?:ignore|disregard|forget)\s+(?:everything|anything|all|whatever)\s+(?:above|before|prior|previously|earlier|you(?:'ve| have| were) (?:been )?told|that came before|i said before)`,
  },
  {
    id: "new-instructions",
    weight: 0.35,
    pattern: String.raw`\bnew\s+(?:instructions?|rules|directives?|task)\s*:|\byour\s+(?:new|real|actual|true)\s+(?:instructions?|task|role|purpose|goal)\s+(?:is|are)\b|\bfrom\s+now\s+on,?\s+you\s+(?:will|are|must|shall|should|can)\b`,
  },
  {
    id: "system-prompt-extraction",
    weight: 0.75,
    pattern: String.raw`\b${REVEAL}\s+(?:me\s+)?(?:back\s+)?(?:all\s+of\s+|the\s+full\s+|verbatim\s+)?(?:your|the)\s+(?:full\s+|entire\s+|exact\s+|complete\s+)?(?:system|initial|original|hidden|secret|developer|pre-?prompt|internal)\s*(?:prompt|instructions?|message|rules|configuration)`,
  },
  {
    id: "system-prompt-extraction",
    weight: 0.75,
    pattern: String.raw`\bwhat\s+(?:were|are|was)\s+you\s+(?:told|instructed|programmed)\b|\bwhat\s+(?:is|was)\s+(?:your|the)\s+(?:system|initial|original|hidden)\s+prompt|\b(?:repeat|print|output)\s+(?:the\s+)?(?:text|words|everything)\s+above\b`,
  },
  {
    id: "chat-template-token",
    weight: 0.6,
    pattern: String.raw`<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\|>|\[/?INST\]|<</?SYS>>|<start_of_turn>|<end_of_turn>`,
  },
  {
    id: "role-delimiter",
    weight: 0.4,
    pattern: String.raw`(?m:^\s*#{2,}\s*(?:system|instruction|instructions|new instructions|admin)\b)|(?m:^\s*\[?(?:system|assistant)\]?\s*:)|</?(?:system|assistant|instructions?|sys)>|</user>`,
  },
  {
    id: "jailbreak-persona",
    weight: 0.6,
    pattern: String.raw`\bdo\s+anything\s+now\b|\bdeveloper\s+mode\s+(?:enabled|activated|on|output)\b|\benable\s+developer\s+mode\b|\b(?:act|behave|respond)\s+as\s+(?:an?\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken)\b|\bjailbr(?:oken|eak)\s+mode\b|\b(?:DAN|STAN|DUDE|AIM)\s+(?:mode|prompt|jailbreak)\b`,
  },
  {
    id: "restriction-removal",
    weight: 0.5,
    pattern: String.raw`\b(?:you\s+are|you're)\s+(?:now\s+)?(?:no\s+longer|not)\s+(?:bound|restricted|limited|constrained)\b|\b(?:free|freed|released)\s+from\s+(?:all\s+|any\s+|your\s+)*(?:restrictions|rules|guidelines|constraints)\b`,
  },
  {
    id: "safety-bypass",
    weight: 0.5,
    pattern: String.raw`\b(?:ignore|bypass|disable|turn\s+off|remove)\s+(?:all\s+|any\s+|your\s+|the\s+)*(?:safety|ethical|content|moderation|security)\s+(?:guidelines|policies|policy|rules|filters?|restrictions|protocols|checks)\b|\bwithout\s+(?:any\s+)?(?:ethical|moral|safety)\s+(?:guidelines|constraints|restrictions|limits)\b`,
  },
  {
    id: "persona-switch",
    weight: 0.2,
    pattern: String.raw`\byou\s+are\s+now\s+(?:a|an|the|my|in)\b|\bpretend\s+(?:to\s+be|you\s+are|that\s+you)\b|\broleplay\s+as\b|\bstay\s+in\s+character\b`,
  },
  {
    id: "multilingual-override",
    weight: 0.8,
    pattern: [
      String.raw`\bignora\s+(?:todas\s+)?(?:las\s+)?instrucciones\s+(?:anteriores|previas)`, // es
      String.raw`\bignore[zr]?\s+(?:toutes\s+)?les\s+instructions\s+(?:pr[ée]c[ée]dentes|ant[ée]rieures)`, // fr
      String.raw`\bignorier(?:e|en)?\s+(?:alle\s+)?(?:vorherigen|bisherigen|obigen|vorigen)\s+(?:anweisungen|instruktionen|befehle)`, // de
      String.raw`\bignora\s+(?:tutte\s+)?le\s+istruzioni\s+precedenti`, // it
      String.raw`\bignore\s+(?:todas\s+)?as\s+instru[çc][õo]es\s+anteriores`, // pt
      String.raw`\bnegeer\s+(?:alle\s+)?(?:vorige|eerdere)\s+instructies`, // nl
      String.raw`игнорируй(?:те)?\s+(?:все\s+)?(?:предыдущие|прошлые)\s+(?:инструкции|указания)`, // ru
      String.raw`忽略(?:之前|以上|先前|上面)(?:的)?(?:所有)?(?:指令|指示|说明)`, // zh
      String.raw`以前の指示を(?:すべて)?無視`, // ja
    ].join("|"),
  },
];

/** Extra weight when a signal only shows up after decoding / de-obfuscation. */
export const ENCODED_BONUS = 0.35;
