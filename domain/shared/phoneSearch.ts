// How a search box's text reaches phone numbers, for every search that does (the journal, the
// client list): only text made of digits and phone punctuation is a phone search. "export-1a2b3c4d"
// used to search phones for "1234" in the journal, which found other clients' requests beside the
// description it named (a CSV export test saw rows of strangers).

/** The digits to look for in phone numbers, or null when the text is not a phone search (3 digits at least). */
export function phoneDigitsOf(text: string): string | null {
  if (!/^[\d\s()+-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length >= 3 ? digits : null;
}
