// The journey controls: the Match / Lift switch, the number of songs, and exports of what is on show
// (M3U8 and CSV from POST /api/journey?format=…, and Spotify URIs to paste into a Spotify playlist).
import { $, state, show, problemText, emit } from './common.js';
import { journeyRequest } from './songs.js';
import { setPoint } from './circumplex.js';

export function setupJourney() {
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      state.mode = radio.value;
      state.journey = null;
      document.body.dataset.mode = state.mode;
      setPoint(state.v, state.a, state.source); // names the emotion for Lift, whose answers carry none
      $('journey-count-label').hidden = state.mode !== 'lift';
      emit('point-changed');
    });
  }
  $('journey-count').addEventListener('change', () => emit('point-changed'));
  $('export-m3u8').addEventListener('click', () => download('m3u8'));
  $('export-csv').addEventListener('click', () => download('csv'));
  $('copy-uris').addEventListener('click', copyUris);
}

// The same request as the songs on show, so the file holds exactly the list (Match: the five at the point).
async function download(format) {
  const status = $('export-status');
  try {
    const r = await fetch(`/api/journey?format=${format}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(journeyRequest()),
    });
    if (!r.ok) { show(status, await problemText(r), 'error'); return; }
    const blob = await r.blob();
    const name = (r.headers.get('Content-Disposition') || '').match(/filename="?([^";]+)"?/)?.[1] || `circumplex.${format}`;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    show(status, `Saved ${name}.`, 'ok');
  } catch (e) {
    show(status, `Export failed: ${e.message}`, 'error');
  }
}

// spotify:track:ID, one a line: what Spotify's desktop app takes when pasted into a playlist.
async function copyUris() {
  const status = $('export-status');
  const text = state.songs.map((s) => `spotify:track:${s.id}`).join('\n');
  $('copy-uris').dataset.copied = text;
  try {
    await navigator.clipboard.writeText(text);
    show(status, `Copied ${state.songs.length} Spotify URIs: paste them into a Spotify playlist.`, 'ok');
  } catch {
    show(status, 'The browser refused the clipboard: select the URIs below and copy them.', 'error');
    const area = $('uri-text');
    area.hidden = false;
    area.value = text;
    area.select();
  }
}
