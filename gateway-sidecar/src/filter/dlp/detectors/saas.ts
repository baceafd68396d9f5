import { assigned, prefixed, PRIORITY, type DetectorDef } from "../detector.js";
import { looksRandom } from "../validators/secret-value.js";

const set = "saas-tokens";

export const SAAS_DETECTORS: readonly DetectorDef[] = [
  prefixed(
    {
      id: "github-pat",
      set,
      description: "GitHub classic personal access token (ghp_)",
      pattern: String.raw`\bghp_[A-Za-z0-9]{36}\b`,
      maxLen: 40,
    },
    4,
  ),
  prefixed(
    {
      id: "github-oauth-token",
      set,
      description: "GitHub OAuth access token (gho_)",
      pattern: String.raw`\bgho_[A-Za-z0-9]{36}\b`,
      maxLen: 40,
    },
    4,
  ),
  prefixed(
    {
      id: "github-app-token",
      set,
      description: "GitHub App installation/user token (ghs_/ghu_)",
      pattern: String.raw`\bgh[su]_[A-Za-z0-9]{36}\b`,
      maxLen: 40,
    },
    4,
  ),
  prefixed(
    {
      id: "github-refresh-token",
      set,
      description: "GitHub refresh token (ghr_)",
      pattern: String.raw`\bghr_[A-Za-z0-9]{36,76}\b`,
      maxLen: 80,
    },
    4,
  ),
  prefixed(
    {
      id: "github-fine-grained-pat",
      set,
      description: "GitHub fine-grained PAT (github_pat_)",
      pattern: String.raw`\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b`,
      maxLen: 93,
    },
    11,
  ),
  prefixed(
    {
      id: "gitlab-pat",
      set,
      description: "GitLab personal/project access token (glpat-)",
      pattern: String.raw`\bglpat-[A-Za-z0-9_\-]{20,64}`,
      maxLen: 70,
    },
    6,
  ),
  prefixed(
    {
      id: "gitlab-token",
      set,
      description: "GitLab pipeline/deploy/runner/agent tokens (glptt-, gldt-, glrt-, glcbt-, glagent-, ...)",
      pattern: String.raw`\bgl(?:ptt|dt|rt|cbt|soat|ffct|imt|oas|agent)-[A-Za-z0-9_\-]{20,64}`,
      maxLen: 72,
    },
    5,
  ),
  prefixed(
    {
      id: "slack-token",
      set,
      description: "Slack bot/user/app-level token (xoxb-, xoxp-, xoxa-, xoxe-, xoxs-, xapp-)",
      pattern: String.raw`\b(?:xox[abeoprs](?:\.[a-z]+)?-[0-9A-Za-z\-]{10,250}|xapp-\d-[A-Z0-9]{9,12}-\d{10,16}-[a-f0-9]{32,64})`,
      maxLen: 260,
    },
    5,
  ),
  {
    id: "slack-webhook-url",
    set,
    description: "Slack incoming webhook URL",
    pattern: String.raw`https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/[AB][A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}`,
    prefilter: String.raw`hooks\.slack\.com`,
    maxLen: 120,
    priority: PRIORITY.structured,
  },
  prefixed(
    {
      id: "stripe-secret-key",
      set,
      description: "Stripe live secret / restricted key (sk_live_, rk_live_)",
      pattern: String.raw`\b[rs]k_live_[0-9a-zA-Z]{24,247}\b`,
      maxLen: 255,
    },
    8,
  ),
  prefixed(
    {
      id: "stripe-webhook-secret",
      set,
      description: "Stripe webhook signing secret (whsec_)",
      pattern: String.raw`\bwhsec_[A-Za-z0-9+/]{32,64}`,
      maxLen: 70,
    },
    6,
  ),
  prefixed(
    { id: "twilio-api-key", set, description: "Twilio API key SID (SK + 32 hex)", pattern: String.raw`\bSK[0-9a-f]{32}\b`, maxLen: 34 },
    2,
  ),
  {
    id: "twilio-auth-token",
    set,
    description: "Twilio auth token (32 hex) next to a twilio auth token name",
    pattern: assigned("twilio.{0,20}?(?:auth|token|secret)", "[0-9a-f]{32}"),
    prefilter: "(?i:twilio)",
    validate: (v) => looksRandom(v, 3.2),
    maxLen: 32,
    priority: PRIORITY.contextual,
  },
  prefixed(
    {
      id: "sendgrid-api-key",
      set,
      description: "SendGrid API key (SG.xxx.yyy)",
      pattern: String.raw`\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b`,
      maxLen: 69,
    },
    3,
  ),
  prefixed(
    {
      id: "mailgun-api-key",
      set,
      description: "Mailgun private API key (key- + 32 hex)",
      pattern: String.raw`\bkey-[0-9a-f]{32}\b`,
      maxLen: 36,
    },
    4,
  ),
  prefixed(
    {
      id: "mailchimp-api-key",
      set,
      description: "Mailchimp API key (32 hex + -usNN)",
      pattern: String.raw`\b[0-9a-f]{32}-us\d{1,2}\b`,
      prefilter: String.raw`[0-9a-f]{4}-us\d`,
      maxLen: 37,
    },
    0,
  ),
  prefixed({ id: "npm-token", set, description: "npm access token (npm_)", pattern: String.raw`\bnpm_[A-Za-z0-9]{36}\b`, maxLen: 40 }, 4),
  prefixed(
    {
      id: "pypi-token",
      set,
      description: "PyPI API token (pypi-AgEIcHlwaS5vcmc...)",
      pattern: String.raw`\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,300}`,
      maxLen: 320,
    },
    20,
    4,
  ),
  prefixed(
    {
      id: "shopify-token",
      set,
      description: "Shopify access / custom-app / private-app / shared secret (shpat_, shpca_, shppa_, shpss_)",
      pattern: String.raw`\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b`,
      maxLen: 38,
    },
    6,
  ),
  prefixed(
    {
      id: "atlassian-api-token",
      set,
      description: "Atlassian API token (ATATT3...)",
      pattern: String.raw`\bATATT3[A-Za-z0-9_\-=]{150,250}`,
      maxLen: 256,
    },
    6,
    4,
  ),
  {
    id: "datadog-api-key",
    set,
    description: "Datadog API/application key next to a dd/datadog key name",
    pattern: assigned("datadog.{0,12}?(?:api|app|application)?_?key|dd_?(?:api|app|application)_?key", "[a-f0-9]{32}|[a-f0-9]{40}"),
    prefilter: "(?i:datadog|dd_?ap)",
    validate: (v) => looksRandom(v, 3.2),
    maxLen: 40,
    priority: PRIORITY.contextual,
  },
  prefixed(
    {
      id: "heroku-api-key",
      set,
      description: "Heroku API key (HRKU- prefixed)",
      pattern: String.raw`\bHRKU-[A-Za-z0-9_\-]{40,80}`,
      maxLen: 85,
    },
    5,
  ),
  {
    id: "heroku-legacy-api-key",
    set,
    description: "Heroku legacy API key (UUID) next to a heroku key name",
    pattern: assigned("heroku.{0,20}?(?:api_?key|token|key)", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    prefilter: "(?i:heroku)",
    maxLen: 36,
    priority: PRIORITY.contextual,
  },
  prefixed(
    {
      id: "digitalocean-token",
      set,
      description: "DigitalOcean personal / OAuth / refresh token (dop_v1_, doo_v1_, dor_v1_)",
      pattern: String.raw`\bdo[por]_v1_[a-f0-9]{64}\b`,
      maxLen: 71,
    },
    7,
  ),
  prefixed(
    {
      id: "doppler-token",
      set,
      description: "Doppler service/personal/CLI/SCIM token (dp.st., dp.pt., ...)",
      pattern: String.raw`\bdp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_\-]{1,30}\.)?[A-Za-z0-9]{40,48}\b`,
      maxLen: 60,
    },
    6,
  ),
  prefixed(
    {
      id: "vault-token",
      set,
      description: "HashiCorp Vault service/batch/recovery token (hvs., hvb., hvr.)",
      pattern: String.raw`\bhv[sbr]\.[A-Za-z0-9_\-]{24,200}`,
      maxLen: 204,
    },
    4,
    3.5,
  ),
  prefixed(
    {
      id: "docker-pat",
      set,
      description: "Docker Hub personal access token (dckr_pat_)",
      pattern: String.raw`\bdckr_pat_[A-Za-z0-9_\-]{27,32}`,
      maxLen: 41,
    },
    9,
  ),
  prefixed(
    { id: "linear-api-key", set, description: "Linear API key (lin_api_)", pattern: String.raw`\blin_api_[A-Za-z0-9]{40}\b`, maxLen: 48 },
    8,
  ),
  prefixed(
    {
      id: "notion-token",
      set,
      description: "Notion integration token (secret_ 43 chars, ntn_)",
      pattern: String.raw`\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{46})\b`,
      maxLen: 50,
    },
    4,
    3.5,
  ),
  prefixed(
    {
      id: "discord-bot-token",
      set,
      description: "Discord bot token (base64 user id . timestamp . hmac)",
      pattern: String.raw`\b[MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38}\b`,
      maxLen: 72,
    },
    0,
    4,
  ),
  {
    id: "discord-webhook-url",
    set,
    description: "Discord webhook URL with token",
    pattern: String.raw`https://(?:canary\.|ptb\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_\-]{60,68}`,
    prefilter: "discord(?:app)?\\.com/api/webhooks",
    maxLen: 140,
    priority: PRIORITY.structured,
  },
  prefixed(
    {
      id: "telegram-bot-token",
      set,
      description: "Telegram bot token (bot id : AA + 33 chars)",
      pattern: String.raw`\b\d{8,10}:AA[A-Za-z0-9_\-]{33}\b`,
      prefilter: String.raw`\d:AA`,
      maxLen: 46,
    },
    0,
    3.5,
  ),
  prefixed(
    {
      id: "newrelic-api-key",
      set,
      description: "New Relic user/ingest keys (NRAK-, NRII-, NRJS-)",
      pattern: String.raw`\bNR(?:AK|II|JS)-[A-Z0-9]{27}\b`,
      maxLen: 32,
    },
    5,
  ),
  prefixed(
    {
      id: "sentry-token",
      set,
      description: "Sentry auth tokens (sntrys_, sntryu_)",
      pattern: String.raw`\bsntry[su]_[A-Za-z0-9+/=_]{60,200}`,
      maxLen: 210,
    },
    7,
    3.5,
  ),
  prefixed(
    {
      id: "postman-api-key",
      set,
      description: "Postman API key (PMAK-)",
      pattern: String.raw`\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b`,
      maxLen: 64,
    },
    5,
  ),
  prefixed(
    {
      id: "grafana-token",
      set,
      description: "Grafana service-account / cloud tokens (glsa_, glc_)",
      pattern: String.raw`\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})`,
      maxLen: 410,
    },
    4,
  ),
  prefixed(
    {
      id: "databricks-token",
      set,
      description: "Databricks personal access token (dapi + 32 hex)",
      pattern: String.raw`\bdapi[a-f0-9]{32}(?:-\d)?\b`,
      maxLen: 38,
    },
    4,
  ),
  prefixed(
    { id: "pulumi-token", set, description: "Pulumi access token (pul-)", pattern: String.raw`\bpul-[a-f0-9]{40}\b`, maxLen: 44 },
    4,
  ),
  prefixed(
    {
      id: "terraform-cloud-token",
      set,
      description: "Terraform Cloud / Enterprise API token (.atlasv1.)",
      pattern: String.raw`\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,70}`,
      prefilter: String.raw`\.atlasv1\.`,
      maxLen: 94,
    },
    0,
    4,
  ),
  prefixed(
    {
      id: "square-token",
      set,
      description: "Square access token / OAuth secret (EAAA, sq0csp-)",
      pattern: String.raw`\b(?:EAAA[A-Za-z0-9_\-]{60}|sq0csp-[A-Za-z0-9_\-]{43})\b`,
      maxLen: 64,
    },
    4,
    3.5,
  ),
];
