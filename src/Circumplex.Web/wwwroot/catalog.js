// The catalog panel, on its own: GET /api/catalog (song count, privacy, whether a model is loaded) and the upload
// form. It tells the other panels what it learnt through events ('catalog-loaded', 'catalog-empty',
// 'catalog-imported') and listens for 'catalog-empty' from them; it calls into no other panel.
import { $, state, show, problemText, emit, on } from './common.js';

export async function loadCatalog() {
  try {
    const r = await fetch('/api/catalog');
    if (!r.ok) throw new Error(await problemText(r));
    const c = await r.json();
    const imports = c.imports.length;
    $('catalog-summary').textContent = c.empty
      ? 'empty'
      : `${c.songCount.toLocaleString('en')} songs (${imports} import${imports === 1 ? '' : 's'})`;
    if (c.empty) catalogIsEmpty(c.howToLoad);
    else {
      state.catalogEmpty = false;
      $('catalog-empty').hidden = true;
    }
    showPrivacy(c.storesPhotos);
    $('upload-form').hidden = !c.limits.catalogUploadAllowed;
    if (!c.limits.catalogUploadAllowed) show($('upload-status'), 'Catalog uploads are turned off on this server.');
    emit('catalog-loaded', c);
    return c;
  } catch (e) {
    showPrivacy(null);
    $('catalog-summary').textContent = 'unavailable';
    show($('songs-message'), `Could not reach the server: ${e.message}`, 'error');
    return null;
  }
}

// storesPhotos: true, false, or null when the server could not be asked (then the page claims neither).
function showPrivacy(storesPhotos) {
  const note = storesPhotos === null
    ? 'Privacy: the server could not be reached to say whether it stores photos; do not send one until it can.'
    : storesPhotos
      ? 'Privacy: this server stores every photo it analyses (its operator turned photo storage on).'
      : 'Privacy: photos are processed in memory and never stored.';
  $('privacy-note').textContent = note;
  $('privacy-note').classList.toggle('warn', storesPhotos !== false);
  $('privacy-photos').textContent = storesPhotos === null ? ''
    : storesPhotos ? 'Analysed photos are stored on this server.' : 'Photos are processed in memory and never stored.';
}

function catalogIsEmpty(message) {
  state.catalogEmpty = true;
  $('catalog-panel').open = true;
  $('catalog-empty').hidden = false;
  $('catalog-summary').textContent = 'empty';
  show($('songs-message'), 'The catalog is empty: upload one below to get songs.', 'error');
  console.info(message);
}

function listRowErrors(list, rows) {
  for (const err of rows || []) {
    const li = document.createElement('li');
    li.textContent = `${err.lastLine > err.line ? `lines ${err.line}–${err.lastLine}` : `line ${err.line}`}: ${err.reason}`;
    list.appendChild(li);
  }
}

export function setupCatalog() {
  on('catalog-empty', catalogIsEmpty);
  $('upload-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $('catalog-file').files[0];
    const status = $('upload-status');
    const errors = $('upload-errors');
    errors.replaceChildren();
    if (!file) { show(status, 'Choose a CSV file first.', 'error'); return; }
    show(status, `Importing ${file.name}…`);
    $('upload-submit').disabled = true;
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const replace = $('catalog-replace').checked;
      const columns = $('catalog-columns').value.trim();
      const query = `replace=${replace}` + (columns ? `&columns=${encodeURIComponent(columns)}` : '');
      const r = await fetch(`/api/catalog/upload?${query}`, { method: 'POST', body: form });
      if (!r.ok) {
        // A refused file keeps the catalog as it was; its problem lists the first malformed rows when there are any.
        const body = await r.json().catch(() => ({}));
        show(status, body.detail || body.title || `HTTP ${r.status}`, 'error');
        listRowErrors(errors, body.firstMalformedRows);
        return;
      }
      const u = await r.json();
      const n = (x) => x.toLocaleString('en');
      show(status, `Imported ${n(u.songsImported)} songs from ${u.fileName} (schema ${u.schema.split(':')[0]}): `
        + `${n(u.added)} added, ${n(u.updated)} updated, ${n(u.malformedRows)} skipped as malformed, ${n(u.duplicates)} repeated ids `
        + `(${n(u.rowsRead)} rows, ${u.encoding}; columns ${u.columns}). `
        + (u.invalidBytes ? `${n(u.invalidBytes)} invalid bytes became \uFFFD (first on lines ${u.invalidByteLines.join(', ')}). ` : '')
        + `The catalog now holds ${n(u.songCount)} songs.`, 'ok');
      listRowErrors(errors, u.firstMalformedRows);
      state.catalogEmpty = false;
      $('catalog-empty').hidden = true;
      show($('songs-message'), '');
      await loadCatalog();
      emit('catalog-imported', u);
    } catch (err) {
      show(status, `Upload failed: ${err.message}`, 'error');
    } finally {
      $('upload-submit').disabled = false;
    }
  });
}
