// OTEL_RESOURCE_ATTRIBUTES: the W3C Baggage-like `key=value,key=value` list of the OpenTelemetry
// SDK environment specification. Values outside the baggage-octet range MUST be
// percent-encoded; we also encode '%' and '=' because several SDKs split on them.

/** baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E, minus '%' and '='. */
function isSafeByte(b: number): boolean {
  if (b === 0x25 || b === 0x3d) return false;
  return b === 0x21 || (b >= 0x23 && b <= 0x2b) || (b >= 0x2d && b <= 0x3a) || (b >= 0x3c && b <= 0x5b) || (b >= 0x5d && b <= 0x7e);
}

const encoder = new TextEncoder();

export function percentEncode(value: string): string {
  let out = '';
  for (const b of encoder.encode(value)) {
    out += isSafeByte(b) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface AttributePair {
  key: string;
  /** As written (already encoded). */
  raw: string;
}

/** Splits an existing value into pairs, keeping each as written; blank entries are dropped. */
export function parseResourceAttributes(value: string): AttributePair[] {
  const pairs: AttributePair[] = [];
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      if (part.trim()) pairs.push({ key: part.trim(), raw: part });
      continue;
    }
    pairs.push({ key: part.slice(0, eq).trim(), raw: part });
  }
  return pairs;
}

export function formatResourceAttributes(pairs: readonly AttributePair[]): string {
  return pairs.map((p) => p.raw).join(',');
}
