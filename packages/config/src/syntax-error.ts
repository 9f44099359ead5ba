/** A config that does not load: what is wrong, and the offset in the text where the reader first failed. */
export class ConfigSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "ConfigSyntaxError";
  }
}
