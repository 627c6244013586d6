// What a credential looks like. A ProjectContext lives in git and in the cluster, readable by
// everyone, so any value matching these is refused (DESIGN §3 "No secrets").
//
// Sources: token formats published by their issuers (GitHub "About authentication: token
// formats", AWS IAM access key ids, Slack token types, Google API keys, Stripe keys) as collected
// by gitleaks' default rules (github.com/gitleaks/gitleaks, config/gitleaks.toml); PEM private
// key armor (RFC 7468); JWTs (RFC 7519 compact serialisation).

export interface SecretPattern {
  name: string;
  pattern: RegExp;
}

export const SECRET_VALUE_PATTERNS: readonly SecretPattern[] = [
  { name: 'a private key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/ },
  { name: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { name: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a Stripe secret key', pattern: /\b[sr]k_(live|test)_[0-9A-Za-z]{16,}\b/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: 'a bearer token', pattern: /\bbearer\s+[A-Za-z0-9._~+/=-]{16,}/i },
  {
    name: 'an assignment of a password, token or key',
    pattern: /\b(password|passwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret)\s*[:=]\s*(?=[^\s,;'"]*[0-9])[^\s,;'"]{6,}/i,
  },
];

/** Keys (annotations, labels, config map entries) that name a secret. */
export const SECRET_KEY_PATTERN =
  /(^|[^a-z])(password|passwd|secret|token|api[-_]?key|apikey|private[-_]?key|access[-_]?key|credential|credentials|auth[-_]?token)([^a-z]|$)/i;

/** Query parameters that carry credentials in URLs. */
export const SECRET_QUERY_PARAMS = /^(access_token|token|api_key|apikey|key|secret|password|sig|signature|x-amz-signature|x-goog-signature)$/i;
