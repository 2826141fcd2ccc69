// Circumplex page, one ES module per panel (no build step, no dependencies):
//   camera.js     camera / upload → /api/analyze, the analysed still with face boxes
//   circumplex.js the plane: regions, the user's point and the lift's target, song dots and the journey's path
//   songs.js      Match (/api/recommend) or Lift (/api/journey) songs: list, players, thumbs
//   journey.js    the Match / Lift switch and exports (M3U8, CSV, Spotify URIs)
//   feedback.js   survey, and "how do you feel now?" (before → after)
//   catalog.js    catalog status, privacy note, operator sign-in and upload (self-contained)
// This file only wires them together: panels announce events (common.js) and this decides who reacts.
import { state, on, emit } from './common.js';
import { setupCamera, startCamera, modelMissing } from './camera.js';
import { loadRegions, setPoint, setupDragging, showEmotion } from './circumplex.js';
import { requestSongs, renderSongs } from './songs.js';
import { setupJourney } from './journey.js';
import { setupSurvey, setupFeelNow } from './feedback.js';
import { loadCatalog, loadOperatorSession, setupCatalog } from './catalog.js';

on('point-changed', () => requestSongs());
on('catalog-imported', () => requestSongs());
on('analysed', (body) => {
  setPoint(body.valence, body.arousal, 'photo');
  showEmotion(body.emotion);
  if (body.catalogMessage) emit('catalog-empty', body.catalogMessage);
  else if (state.afterCheck) { /* "how do you feel now?": the new photo is the answer; the songs stay */ }
  else if (state.mode === 'match') { state.journey = null; renderSongs(body.songs); }
  else requestSongs();
});
on('catalog-loaded', (c) => { if (!c.model.loaded) modelMissing(); });

document.addEventListener('DOMContentLoaded', async () => {
  setupDragging();
  setupCamera();
  setupJourney();
  setupSurvey();
  setupFeelNow();
  setupCatalog();
  setPoint(0, 0, 'manual');
  loadRegions();
  // The catalog status says whether a model is loaded; only then is the camera worth asking for.
  const catalog = await loadCatalog();
  if (catalog?.operator) await loadOperatorSession();
  if (!catalog || catalog.model.loaded) startCamera();
  if (catalog && !catalog.empty && state.songs.length === 0) requestSongs();
  document.body.dataset.ready = 'true';
});
