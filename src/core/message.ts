/**
 * Every message a user can see exists in Bahasa Indonesia (the default) and English; the core
 * returns both and the edge (HTTP by Accept-Language, CLI by locale) picks one.
 */
export interface Message {
  id: string;
  en: string;
}

export type Language = keyof Message;

export function message(id: string, en: string): Message {
  return { id, en };
}

/** A rule a value broke: a stable code for programs and a bilingual message for people. */
export interface Problem {
  code: string;
  message: Message;
}

export function problem(code: string, id: string, en: string): Problem {
  return { code, message: { id, en } };
}
