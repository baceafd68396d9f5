import { assigned, PRIORITY, type DetectorDef } from "../detector.js";
import { looksLikeSecret, looksRandom } from "../validators/secret-value.js";

const set = "cloud-credentials";
const B64 = "A-Za-z0-9+/";

export const CLOUD_DETECTORS: readonly DetectorDef[] = [
  {
    id: "aws-access-key-id", set, description: "AWS access key id (AKIA/ASIA/ABIA/ACCA + 16 base32 chars)",
    pattern: String.raw`\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\b`,
    validate: (v) => looksRandom(v.slice(4), 2.5), maxLen: 20, priority: PRIORITY.prefixed,
  },
  {
    id: "aws-secret-access-key", set, description: "AWS secret access key (40 chars) next to an aws/secret key name",
    pattern: assigned("aws.{0,20}?(?:secret|sk)|secret_?access_?key", `[${B64}]{40}`),
    prefilter: "(?i:aws|secret_?access)", validate: looksLikeSecret, maxLen: 40, priority: PRIORITY.contextual,
  },
  {
    id: "aws-session-token", set, description: "AWS STS session token assigned to aws_session_token",
    pattern: assigned("aws_?session_?token|x-amz-security-token", `[${B64}]{100,}={0,2}`),
    prefilter: "(?i:session_?token|security-token)", validate: (v) => looksRandom(v, 4), maxLen: 1200, priority: PRIORITY.contextual,
  },
  {
    id: "gcp-service-account-key", set, description: "GCP service-account JSON private_key field (PEM inside JSON)",
    pattern: String.raw`"private_key"\s*:\s*"(-----BEGIN (?:RSA )?PRIVATE KEY-----(?:\\n|[${B64}=\s])+(?:-----END (?:RSA )?PRIVATE KEY-----(?:\\n)?)?)"?`,
    prefilter: String.raw`"private_key"\s*:\s*"-----BEGIN`, maxLen: 4096, priority: PRIORITY.privateKey + 1,
  },
  {
    id: "gcp-api-key", set, description: "Google Cloud API key (AIza + 35 chars)",
    pattern: String.raw`\bAIza[0-9A-Za-z_\-]{35}(?:[^0-9A-Za-z_\-]|$)`, prefilter: "AIza",
    validate: (v) => looksRandom(v.slice(4), 3.5), maxLen: 39, priority: PRIORITY.prefixed,
  },
  {
    id: "gcp-oauth-client-secret", set, description: "Google OAuth client secret (GOCSPX-)",
    pattern: String.raw`\bGOCSPX-[A-Za-z0-9_\-]{28}\b`, validate: (v) => looksRandom(v.slice(7), 3.3), maxLen: 35, priority: PRIORITY.prefixed,
  },
  {
    id: "gcp-oauth-access-token", set, description: "Google OAuth access token (ya29.)",
    pattern: String.raw`\bya29\.[0-9A-Za-z_\-]{30,512}`, validate: (v) => looksRandom(v.slice(5), 3.8), maxLen: 517, priority: PRIORITY.prefixed,
  },
  {
    id: "azure-storage-connection-string", set, description: "Azure storage connection string with AccountKey",
    pattern: String.raw`(?i:DefaultEndpointsProtocol)=https?;AccountName=[A-Za-z0-9]{3,24};AccountKey=([${B64}]{86}==)`,
    prefilter: "AccountKey=", maxLen: 88, priority: PRIORITY.structured,
  },
  {
    id: "azure-storage-account-key", set, description: "Azure storage account key (88-char base64) next to a key name",
    pattern: assigned("account_?key|storage_?key|azure_?storage|access_?key", `[${B64}]{86}==`),
    prefilter: "(?i:account_?key|storage|access_?key)", validate: (v) => looksRandom(v, 4.5), maxLen: 88, priority: PRIORITY.contextual,
  },
  {
    id: "azure-sas-token", set, description: "Azure shared access signature (sv=...&sig=...)",
    pattern: String.raw`\bsv=\d{4}-\d{2}-\d{2}&[A-Za-z0-9&=%:._\-]{0,400}?\bsig=([A-Za-z0-9%+/]{30,120}(?:%3[Dd]|=){0,2})`,
    prefilter: String.raw`\bsig=`, maxLen: 128, priority: PRIORITY.structured,
  },
  {
    id: "azure-service-bus-connection-string", set, description: "Azure Service Bus / Event Hubs SharedAccessKey",
    pattern: String.raw`Endpoint=sb://[A-Za-z0-9.\-]+/?;SharedAccessKeyName=[^;\s]+;SharedAccessKey=([${B64}]{43}=)`,
    prefilter: "SharedAccessKey=", maxLen: 44, priority: PRIORITY.structured,
  },
  {
    id: "azure-ad-client-secret", set, description: "Entra ID (Azure AD) application client secret (xxx8Q~...)",
    pattern: String.raw`(?:^|[^A-Za-z0-9_~.\-])([A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)`,
    prefilter: String.raw`\dQ~`, validate: (v) => looksRandom(v, 3.5), maxLen: 40, priority: PRIORITY.prefixed,
  },
  {
    id: "alibaba-access-key-id", set, description: "Alibaba Cloud AccessKey ID (LTAI...)",
    pattern: String.raw`\bLTAI[A-Za-z0-9]{12,20}\b`, validate: (v) => looksRandom(v.slice(4), 3.0), maxLen: 24, priority: PRIORITY.prefixed,
  },
  {
    id: "ibm-cloud-api-key", set, description: "IBM Cloud / generic 44-char API key assigned to an ibm key name",
    pattern: assigned("ibm_?cloud_?api_?key|ibmcloud_?api_?key|IC_API_KEY", String.raw`[A-Za-z0-9_\-]{44}`),
    prefilter: "(?i:ibm_?cloud|IC_API_KEY)", validate: (v) => looksRandom(v, 4), maxLen: 44, priority: PRIORITY.contextual,
  },
];
