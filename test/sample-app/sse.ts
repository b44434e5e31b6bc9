/** One Server-Sent Event as the sample apps send them: a name and a JSON payload. */
export interface SseEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Parses a complete `text/event-stream` body. */
export function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice('event: '.length);
        if (line.startsWith('data: ')) data += line.slice('data: '.length);
      }
      return { event, data: data === '[DONE]' ? data : JSON.parse(data) };
    });
}
