/** Bot texts in ja and en with {placeholders}; templates are checked at load time. */
export type Lang = 'ja' | 'en';
export type Texts = Record<string, string>;

const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Fill {name} placeholders. A missing value is left visible rather than silently dropped. */
export function fill(template: string, data: Record<string, string | number | undefined>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const v = data[name];
    return v === undefined ? whole : String(v);
  });
}
