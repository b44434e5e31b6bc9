/**
 * Collects unhandled rejections and uncaught exceptions while installed. The package must never
 * let one escape from a request, whatever the handler does or records.
 */
export class ProcessFaults {
  readonly seen: string[] = [];
  private readonly onRejection = (reason: unknown) => {
    this.seen.push(`unhandledRejection: ${describe(reason)}`);
  };
  private readonly onException = (err: unknown) => {
    this.seen.push(`uncaughtException: ${describe(err)}`);
  };

  install(): void {
    process.on('unhandledRejection', this.onRejection);
    process.on('uncaughtException', this.onException);
  }

  uninstall(): void {
    process.off('unhandledRejection', this.onRejection);
    process.off('uncaughtException', this.onException);
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? value.message;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
