// The catalog panel, on its own: GET /api/catalog (song count, privacy, whether a model is loaded), the operator's
// sign-in and the upload form. It tells the other panels what it learnt through events ('catalog-loaded', 'catalog-empty',
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
    state.uploadAllowed = c.limits.catalogUploadAllowed;
    showOperator(c.operator);
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
  show($('songs-message'), 'The catalog is empty: the operator can upload one below (signed in) to get songs.', 'error');
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
  setupOperator();
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
      // The sign-in cookie alone does not authorise a write: the antiforgery token from the sign-in goes along.
      const r = await fetch(`/api/catalog/upload?${query}`, {
        method: 'POST', body: form, headers: { 'X-CSRF-TOKEN': state.antiforgery ?? '' },
      });
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

// ---------- operator sign-in ----------

// signedIn: whether this browser holds the operator's cookie. Shows the upload form and the export link, or the sign-in.
function showOperator(signedIn) {
  state.operator = signedIn;
  $('operator-form').hidden = signedIn;
  $('operator-tools').hidden = !signedIn;
  $('upload-form').hidden = !signedIn || !state.uploadAllowed;
}

// The antiforgery token belongs to this sign-in; a reloaded page asks for it again.
export async function loadOperatorSession() {
  const r = await fetch('/api/operator/session');
  if (!r.ok) return;
  const session = await r.json();
  state.antiforgery = session.antiforgeryToken;
  showOperator(session.signedIn);
}

function setupOperator() {
  $('operator-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = $('operator-status');
    try {
      const r = await fetch('/api/operator/session', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: $('operator-token').value }),
      });
      if (!r.ok) { show(status, await problemText(r), 'error'); return; }
      const session = await r.json();
      state.antiforgery = session.antiforgeryToken;
      $('operator-token').value = '';
      show(status, 'Signed in as the operator.', 'ok');
      await loadCatalog(); // storesPhotos and the panel follow the sign-in
    } catch (err) {
      show(status, `Sign-in failed: ${err.message}`, 'error');
    }
  });
  $('operator-signout').addEventListener('click', async () => {
    await fetch('/api/operator/session', { method: 'DELETE' });
    state.antiforgery = null;
    show($('operator-status'), 'Signed out.');
    await loadCatalog();
  });
}
