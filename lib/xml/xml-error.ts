export type XmlErrorReason =
  'too_large' | 'too_many_elements' | 'doctype' | 'processing_instruction' | 'malformed' | 'depth' | 'multiple_roots';

/** Why untrusted XML was refused. `message` is plain and generic ("the XML document"); callers rephrase it. */
export class XmlError extends Error {
  override name = 'XmlError';
  constructor(
    readonly reason: XmlErrorReason,
    message: string,
    /** The parser's own words for `malformed`, with line and column when known. */
    readonly detail?: string,
  ) {
    super(message);
  }
}
