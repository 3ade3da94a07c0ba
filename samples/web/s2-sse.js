// S2 stream reader for browsers: SSE over fetch (EventSource cannot send an Authorization
// header). Parses the S2 SSE events (batch, ping, error, [DONE]), watches for silence, and
// resumes after a dropped connection from the last delivered batch with Last-Event-ID, so the
// page sees every record once, in order. No framework; exposes window.S2Sse.
(function () {
  'use strict';

  // Protocol §10: codes worth retrying; anything else (403, 404, 422 ...) is final.
  const RETRYABLE_CODES = new Set([
    'request_timeout', 'transaction_conflict', 'rate_limited', 'other', 'storage',
    'hot_server', 'server_draining', 'unavailable', 'upstream_timeout',
  ]);
  const HEARTBEAT_TIMEOUT_MS = 25000; // the server pings at least every 15 s
  const MAX_BACKOFF_MS = 5000;

  /** An S2 error: HTTP status plus the ErrorInfo code and message. */
  class S2Error extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
    get retryable() {
      if (this.code && this.code !== 'unknown') return RETRYABLE_CODES.has(this.code);
      return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
    }
  }

  /**
   * Incremental SSE parser (the WHATWG event-stream rules, minus `retry`): feed it text chunks,
   * it calls onEvent({event, data, id}) per dispatched event.
   */
  class SseParser {
    constructor(onEvent) {
      this.onEvent = onEvent;
      this.buffer = '';
      this.reset();
    }
    reset() {
      this.event = '';
      this.data = [];
      this.id = null;
    }
    push(text) {
      this.buffer += text;
      let start = 0;
      for (;;) {
        const lf = this.buffer.indexOf('\n', start);
        const cr = this.buffer.indexOf('\r', start);
        let end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
        if (end < 0) break;
        // A CR at the very end may be the first half of CRLF: wait for more.
        if (end === cr && end === this.buffer.length - 1) break;
        const line = this.buffer.slice(start, end);
        start = end + (end === cr && this.buffer[end + 1] === '\n' ? 2 : 1);
        this.line(line);
      }
      this.buffer = this.buffer.slice(start);
    }
    line(line) {
      if (line === '') {
        if (this.data.length > 0 || this.event) {
          this.onEvent({event: this.event || 'message', data: this.data.join('\n'), id: this.id});
        }
        this.reset();
        return;
      }
      if (line[0] === ':') return; // comment
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value[0] === ' ') value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id') this.id = value;
    }
  }

  async function errorFromResponse(response) {
    let code = 'unknown';
    let message = response.statusText || 'HTTP ' + response.status;
    try {
      const body = await response.json();
      if (body && typeof body.code === 'string') code = body.code;
      if (body && typeof body.message === 'string') message = body.message;
      if (response.status === 416 && body.tail) {
        code = 'range_not_satisfiable';
        message = 'start is beyond the tail (tail seq_num ' + body.tail.seq_num + ')';
      }
    } catch (e) {
      // Not JSON: keep the status text.
    }
    return new S2Error(response.status, code, message);
  }

  /**
   * Reads one stream until stop() or a final error.
   *
   * options: endpoint, basin, stream, token, start ({seq_num}|{timestamp}|{tail_offset}),
   * and callbacks onBatch(records, tail), onPing(ping), onStatus(status), onFatal(S2Error), onEnd().
   * status: {state: 'connecting'|'connected'|'reconnecting', attempt, reason, resumeFrom}.
   */
  class S2SseReader {
    constructor(options) {
      this.options = options;
      this.lastEventId = null; // "seq,count,bytes" of the last batch
      this.nextSeqNum = null; // known from a ping before any batch arrived
      this.stopped = false;
      this.controller = null;
      this.reconnects = 0;
    }

    start() {
      this.loop();
      return this;
    }

    stop() {
      this.stopped = true;
      if (this.controller) this.controller.abort();
    }

    url() {
      const o = this.options;
      const url = new URL(o.endpoint.replace(/\/+$/, '') + '/v1/streams/' +
          encodeURIComponent(o.stream) + '/records');
      // After a reconnect without a batch yet, resume where the last ping said the tail was.
      const start = this.lastEventId == null && this.nextSeqNum != null
          ? {seq_num: this.nextSeqNum} : o.start;
      for (const [key, value] of Object.entries(start || {})) {
        url.searchParams.set(key, String(value));
      }
      return url;
    }

    async loop() {
      let attempt = 0;
      while (!this.stopped) {
        this.controller = new AbortController();
        const resumeFrom = this.lastEventId;
        this.options.onStatus({state: attempt === 0 ? 'connecting' : 'reconnecting',
          attempt, resumeFrom});
        try {
          const headers = {
            'Accept': 'text/event-stream',
            's2-basin': this.options.basin,
          };
          if (this.options.token) headers['Authorization'] = 'Bearer ' + this.options.token;
          if (this.lastEventId != null) headers['Last-Event-ID'] = this.lastEventId;
          const response = await fetch(this.url(), {
            headers, cache: 'no-store', signal: this.controller.signal,
          });
          if (!response.ok) throw await errorFromResponse(response);
          if (attempt > 0) this.reconnects++;
          attempt = 0;
          this.options.onStatus({state: 'connected', attempt, resumeFrom,
            reconnects: this.reconnects});
          if (await this.consume(response.body)) {
            this.options.onEnd();
            return;
          }
          throw new S2Error(0, 'unknown', 'connection closed by the server');
        } catch (e) {
          if (this.stopped) return;
          const error = e instanceof S2Error ? e
              : new S2Error(0, 'unknown', (e && e.name === 'AbortError')
                  ? 'no heartbeat for ' + HEARTBEAT_TIMEOUT_MS / 1000 + ' s' : String(e.message || e));
          if (!error.retryable) {
            this.options.onFatal(error);
            return;
          }
          attempt++;
          const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(attempt - 1, 5));
          this.options.onStatus({state: 'reconnecting', attempt, reason: error.message,
            resumeFrom: this.lastEventId, delay});
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    }

    // Returns true on [DONE]; false when the body ended without it (a dropped connection).
    async consume(body) {
      const reader = body.getReader();
      const decoder = new TextDecoder();
      let done = false;
      let failure = null;
      const parser = new SseParser((event) => {
        if (failure || done) return;
        if (event.event === 'batch') {
          const batch = JSON.parse(event.data);
          this.lastEventId = event.id;
          this.options.onBatch(batch.records || [], batch.tail);
        } else if (event.event === 'ping') {
          const ping = JSON.parse(event.data);
          if (this.lastEventId == null && ping.tail) this.nextSeqNum = ping.tail.seq_num;
          this.options.onPing(ping);
        } else if (event.event === 'error') {
          let info = {};
          try { info = JSON.parse(event.data); } catch (e) { info = {message: event.data}; }
          failure = new S2Error(0, info.code || 'unknown', info.message || 'stream error');
        } else if (event.data === '[DONE]') {
          done = true;
        }
      });
      let watchdog = setTimeout(() => this.controller.abort(), HEARTBEAT_TIMEOUT_MS);
      try {
        while (!done && !failure) {
          const {value, done: eof} = await reader.read();
          if (eof) break;
          clearTimeout(watchdog);
          watchdog = setTimeout(() => this.controller.abort(), HEARTBEAT_TIMEOUT_MS);
          parser.push(decoder.decode(value, {stream: true}));
        }
      } finally {
        clearTimeout(watchdog);
        reader.cancel().catch(() => {});
      }
      if (failure) throw failure;
      return done;
    }
  }

  window.S2Sse = {S2SseReader, SseParser, S2Error};
})();
