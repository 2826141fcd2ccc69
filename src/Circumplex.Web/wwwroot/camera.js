// The photo panel: the camera (Capture) or a file upload → /api/analyze. After an analysis it shows the still that
// was analysed, not the live camera, with every face's box; clicking a box analyses that face alone (its crop is
// sent again, so the server never needs to keep the photo).
import { $, show, problemText, capitalise, svgEl, emit } from './common.js';

let stream = null;
let still = null;        // { blob, url, width, height } of the last analysed photo

export async function startCamera() {
  const msg = $('camera-message');
  const capture = $('capture');
  capture.disabled = true;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    show(msg, 'This browser offers no camera here (it needs HTTPS or localhost): upload a photo instead.', 'error');
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false,
    });
    const video = $('camera');
    video.srcObject = stream;
    await video.play().catch(() => {});
    capture.disabled = false;
    $('start-camera').hidden = true;
    show(msg, 'Camera on: press Capture when you are ready.');
  } catch (e) {
    let text;
    switch (e.name) {
      case 'NotAllowedError': case 'SecurityError':
        text = 'Camera access was denied. Allow the camera in your browser\'s site settings, or upload a photo instead.'; break;
      case 'NotFoundError': case 'OverconstrainedError': case 'DevicesNotFoundError':
        text = 'No camera was found. Upload a photo instead.'; break;
      case 'NotReadableError': case 'AbortError':
        text = 'The camera is busy (another program may be using it). Close it and retry, or upload a photo.'; break;
      default:
        text = `The camera could not start (${e.name}). Upload a photo instead.`;
    }
    show(msg, text, 'error');
    $('start-camera').hidden = false;
  }
}

function capture() {
  const video = $('camera');
  if (!video.videoWidth) { show($('analysis-message'), 'The camera is not ready yet: wait a moment and press Capture again.', 'error'); return; }
  const canvas = $('snapshot');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  canvas.toBlob((blob) => {
    if (blob) analyse(blob, 'capture.jpg');
    else show($('analysis-message'), 'Could not take a picture from the camera.', 'error');
  }, 'image/jpeg', 0.92);
}

async function post(blob, name) {
  const form = new FormData();
  form.append('photo', blob, name);
  return fetch('/api/analyze?k=5', { method: 'POST', body: form });
}

/** Analyses a whole photo; on success shows it as the still with its face boxes. */
async function analyse(blob, name) {
  const msg = $('analysis-message');
  const button = $('capture');
  show(msg, 'Analysing…');
  button.setAttribute('aria-busy', 'true');
  document.body.classList.add('busy');
  try {
    const r = await post(blob, name);
    if (!r.ok) {
      // The server's detail is one sentence saying what happened and what to do (no face, not an image, too large, busy…).
      show(msg, capitalise(await problemText(r)), 'error');
      msg.dataset.status = String(r.status);
      return;
    }
    const body = await r.json();
    msg.dataset.status = '200';
    const faces = body.faces.length;
    show(msg, faces > 1 ? `${faces} faces found: the largest is used; click another box to use that face.` : '1 face found.', 'ok');
    showStill(blob, body.image, body.faces);
    emit('analysed', body);
  } catch (e) {
    show(msg, `Could not reach the server: ${e.message}`, 'error');
  } finally {
    button.removeAttribute('aria-busy');
    document.body.classList.remove('busy');
  }
}

function showStill(blob, image, faces) {
  if (still) URL.revokeObjectURL(still.url);
  still = { blob, url: URL.createObjectURL(blob), width: image.width, height: image.height, faces };
  const panel = $('still-panel');
  panel.hidden = false;
  $('still').src = still.url;
  const overlay = $('face-boxes');
  overlay.setAttribute('viewBox', `0 0 ${image.width} ${image.height}`);
  overlay.replaceChildren();
  faces.forEach((f, i) => {
    const box = svgEl('rect', {
      x: f.x, y: f.y, width: f.width, height: f.height, class: 'face-box', 'data-testid': 'face-box',
      'data-face': String(i), tabindex: '0', role: 'button',
      'aria-label': `Face ${i + 1}${i === 0 ? ' (used)' : ''}: use this face's mood`,
      'stroke-width': String(Math.max(2, image.width / 160)),
    });
    if (i === 0) box.classList.add('selected');
    box.addEventListener('click', () => useFace(i));
    box.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); useFace(i); } });
    overlay.appendChild(box);
  });
}

// Crops the still around one face (with room around it, so the detector finds it again) and analyses the crop.
async function useFace(i) {
  if (!still) return;
  const f = still.faces[i];
  const msg = $('analysis-message');
  const margin = Math.round(Math.max(f.width, f.height) * 0.6);
  const x = Math.max(0, f.x - margin), y = Math.max(0, f.y - margin);
  const w = Math.min(still.width, f.x + f.width + margin) - x, h = Math.min(still.height, f.y + f.height + margin) - y;
  const bitmap = await createImageBitmap(still.blob);
  const canvas = $('snapshot');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d').drawImage(bitmap, x, y, w, h, 0, 0, w, h);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
  show(msg, `Analysing face ${i + 1}…`);
  const r = await post(blob, `face-${i + 1}.jpg`);
  if (!r.ok) { show(msg, capitalise(await problemText(r)), 'error'); return; }
  const body = await r.json();
  for (const box of $('face-boxes').children) box.classList.toggle('selected', box.dataset.face === String(i));
  show(msg, `Face ${i + 1} is used.`, 'ok');
  emit('analysed', body);
}

export function setupCamera() {
  $('capture').addEventListener('click', capture);
  $('start-camera').addEventListener('click', startCamera);
  $('photo-file').addEventListener('change', (e) => {
    const f = e.target.files[0];
    if (f) analyse(f, f.name);
    e.target.value = '';
  });
}

// Without a model every photo would get a 503, so the camera is never asked for and both photo inputs stay off.
export function modelMissing() {
  $('capture').disabled = true;
  $('photo-file').disabled = true;
  $('photo-file-label').classList.add('disabled');
  $('start-camera').hidden = true;
  show($('camera-message'), 'No affect model is loaded on this server: drag the point on the circumplex to choose your mood.', 'error');
}
