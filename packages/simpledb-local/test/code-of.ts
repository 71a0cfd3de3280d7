/** The `code` of what `fn` throws synchronously (a SimpleDB error of the emulator), or `undefined` when it returns. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}
