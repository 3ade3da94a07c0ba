// The page: settings form, live record list and connection status around S2Sse.S2SseReader.
// Settings come from config.js (written by the demo server), overridden by the URL fragment
// (#token=...&endpoint=...&basin=...&stream=...&mode=live|last|timestamp&n=20&from=<ms>), so a
// token never has to travel in a query string.
(function () {
  'use strict';

  const MAX_ROWS = 200;
  const $ = (id) => document.getElementById(id);
  const config = Object.assign({}, window.S2_DEMO_CONFIG || {},
      Object.fromEntries(new URLSearchParams(location.hash.slice(1))));

  let reader = null;
  let count = 0;
  let resumedNext = false;

  function init() {
    for (const key of ['endpoint', 'basin', 'stream', 'token']) {
      if (config[key]) $(key).value = config[key];
    }
    if (config.mode) {
      const radio = document.querySelector('input[name=mode][value="' + config.mode + '"]');
      if (radio) radio.checked = true;
    }
    if (config.n) $('last-n').value = config.n;
    const from = config.from ? new Date(Number(config.from)) : new Date(Date.now() - 60000);
    $('from-time').value = toLocalInput(from);
    $('restart-server').hidden = !config.demo;

    $('settings').addEventListener('submit', (e) => {
      e.preventDefault();
      read();
    });
    $('stop').addEventListener('click', () => {
      stopReader();
      setStatus('idle', 'stopped');
    });
    $('restart-server').addEventListener('click', restartServer);
    if ($('endpoint').value && $('basin').value && $('stream').value) read();
  }

  function startPosition() {
    const mode = document.querySelector('input[name=mode]:checked').value;
    if (mode === 'last') return {tail_offset: Math.max(0, Number($('last-n').value) || 0)};
    if (mode === 'timestamp') {
      const ms = new Date($('from-time').value).getTime();
      return {timestamp: Number.isFinite(ms) ? ms : 0};
    }
    return {tail_offset: 0};
  }

  function read() {
    stopReader();
    $('records').replaceChildren();
    $('error').hidden = true;
    count = 0;
    update('count', 0);
    update('last-seq', '–');
    update('reconnects', 0);
    $('reconnect-note').textContent = '';
    reader = new S2Sse.S2SseReader({
      endpoint: $('endpoint').value.trim(),
      basin: $('basin').value.trim(),
      stream: $('stream').value.trim(),
      token: $('token').value.trim(),
      start: startPosition(),
      onBatch: showRecords,
      onPing: (ping) => ping.tail && update('tail', ping.tail.seq_num),
      onStatus: showStatus,
      onFatal: showFatal,
      onEnd: () => setStatus('ended', 'ended'),
    }).start();
    window.s2reader = reader;
  }

  function stopReader() {
    if (reader) reader.stop();
    reader = null;
  }

  function showStatus(status) {
    if (status.state === 'connected') {
      setStatus('connected', status.reconnects > 0 ? 'live (resumed)' : 'live');
      update('reconnects', status.reconnects);
      if (status.reconnects > 0) {
        $('reconnect-note').textContent = 'resumed after Last-Event-ID ' + status.resumeFrom;
        resumedNext = true;
      }
    } else if (status.state === 'reconnecting' && status.reason) {
      setStatus('reconnecting', 'reconnecting in ' + (status.delay / 1000).toFixed(1) +
          ' s (attempt ' + status.attempt + ')');
      $('reconnect-note').textContent = 'connection lost: ' + status.reason +
          (status.resumeFrom ? ' — will resume after ' + status.resumeFrom : '');
    } else if (status.attempt === 0) {
      setStatus('connecting', 'connecting');
    }
  }

  function showFatal(error) {
    const denied = error.status === 403 || error.status === 401;
    const hint = denied
        ? '\nThis token may not read ' + $('basin').value + '/' + $('stream').value +
          ': use a token whose scope has the stream "read" permission.'
        : '';
    $('error').textContent = 'Cannot read the stream: ' + error.status + ' ' + error.code +
        ' — ' + error.message + hint;
    $('error').hidden = false;
    setStatus('error', denied ? 'access denied' : 'error');
  }

  function showRecords(records, tail) {
    const list = $('records');
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    for (const record of records) {
      const headers = Object.fromEntries(record.headers || []);
      const li = document.createElement('li');
      li.dataset.seq = record.seq_num;
      li.dataset.timestamp = record.timestamp;
      if (resumedNext) {
        li.className = 'resumed';
        li.title = 'first record after reconnecting';
        resumedNext = false;
      }
      li.append(
          cell('seq', record.seq_num),
          cell('time', new Date(record.timestamp).toISOString()),
          cell('level level-' + (headers.level || ''), headers.level || ''),
          cell('body', record.body || ''));
      list.append(li);
      count++;
    }
    while (list.children.length > MAX_ROWS) list.firstElementChild.remove();
    if (atBottom) list.scrollTop = list.scrollHeight;
    update('count', count);
    if (records.length) update('last-seq', records[records.length - 1].seq_num);
    if (tail) update('tail', tail.seq_num);
  }

  async function restartServer() {
    const button = $('restart-server');
    button.disabled = true;
    try {
      const response = await fetch('demo/restart', {method: 'POST'});
      if (!response.ok) throw new Error('HTTP ' + response.status);
    } catch (e) {
      $('reconnect-note').textContent = 'restart failed: ' + e.message;
    } finally {
      button.disabled = false;
    }
  }

  function cell(className, text) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = String(text);
    return span;
  }

  function update(id, value) {
    $(id).textContent = String(value);
  }

  function setStatus(state, text) {
    $('status').dataset.state = state;
    $('status').textContent = text;
  }

  function toLocalInput(date) {
    const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return local.toISOString().slice(0, 19);
  }

  init();
})();
