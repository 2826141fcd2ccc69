// The songs panel: asks for Match (/api/recommend) or Lift (/api/journey) songs for the current point, lists them
// with Spotify's player, a link and thumbs, and ties each song to its dot on the circumplex (hover or focus).
import { $, state, show, problemText, emit, svgEl } from './common.js';
import { drawSongPoints, highlightSong, placeTarget, showEmotion } from './circumplex.js';
import { postFeedback } from './feedback.js';

export const MATCH_COUNT = 5;
let inFlight = false;   // one request at a time; the latest point wins
let pending = false;

export function journeyCount() {
  return Number($('journey-count').value) || 10;
}

/** The body of POST /api/journey for the current point, mode and target. */
export function journeyRequest() {
  const body = { from: { valence: state.v, arousal: state.a }, mode: state.mode, count: state.mode === 'lift' ? journeyCount() : MATCH_COUNT };
  if (state.mode === 'lift' && state.target) body.to = { valence: state.target.v, arousal: state.target.a };
  return body;
}

export async function requestSongs() {
  if (state.catalogEmpty || state.afterCheck) return;
  if (inFlight) { pending = true; return; }
  inFlight = true;
  try {
    do {
      pending = false;
      if (state.mode === 'lift') await requestJourney();
      else await requestMatch();
    } while (pending);
  } catch (e) {
    show($('songs-message'), `Could not reach the server: ${e.message}`, 'error');
  } finally {
    inFlight = false;
  }
}

async function requestMatch() {
  const { v, a } = state;
  const r = await fetch(`/api/recommend?valence=${v.toFixed(4)}&arousal=${a.toFixed(4)}&k=${MATCH_COUNT}`);
  if (r.status === 409) { emit('catalog-empty', await problemText(r)); return; }
  if (!r.ok) { show($('songs-message'), await problemText(r), 'error'); return; }
  const body = await r.json();
  if (pending) return;
  showEmotion(body.emotion);
  state.journey = null;
  renderSongs(body.songs);
}

async function requestJourney() {
  const r = await fetch('/api/journey', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(journeyRequest()),
  });
  if (r.status === 409) { emit('catalog-empty', await problemText(r)); return; }
  if (!r.ok) { show($('songs-message'), await problemText(r), 'error'); return; }
  const journey = await r.json();
  if (pending) return;
  state.journey = journey;
  renderSongs(journey.songs);
}

/** Shows songs (Match or Lift) in the list and on the plane; Lift also shows its target, path and largest jump. */
export function renderSongs(songs) {
  const list = $('song-list');
  const sameIds = songs.length === state.songs.length && songs.every((s, i) => s.id === state.songs[i].id);
  state.songs = songs;
  const to = state.mode === 'lift' && state.journey ? { v: state.journey.to.valence, a: state.journey.to.arousal } : null;
  placeTarget(to);
  drawSongPoints(songs, to);
  highlightSong(null);
  const j = state.journey;
  $('journey-summary').textContent = to
    ? `${songs.length} songs from your point to (${to.v.toFixed(2)}, ${to.a.toFixed(2)})${j.targetByRule ? ', the default target for your mood' : ''}; largest step ${j.largestJump.toFixed(3)}.`
    : '';
  emit('songs-shown', songs);
  show($('songs-message'), songs.length ? '' : 'No songs.');
  if (sameIds) {
    songs.forEach((s, i) => { list.children[i].querySelector('.distance').textContent = distanceText(s); });
    return;
  }
  list.replaceChildren(...songs.map(songItem));
}

// Match songs carry their distance from the user's point; journey songs their distance from their own waypoint.
const distanceText = (s) => (s.waypoint ? `${s.distance.toFixed(3)} from step ${s.number}'s waypoint` : `distance ${s.distance.toFixed(3)}`);

function songItem(s, i) {
  const number = i + 1;
  const li = document.createElement('li');
  li.className = 'song';
  li.dataset.testid = 'song';
  li.dataset.songId = s.id;
  li.tabIndex = 0;
  li.addEventListener('mouseenter', () => highlightSong(s));
  li.addEventListener('mouseleave', () => highlightSong(null));
  li.addEventListener('focusin', () => highlightSong(s));
  li.addEventListener('focusout', (e) => { if (!li.contains(e.relatedTarget)) highlightSong(null); });

  const head = document.createElement('div');
  head.className = 'song-head';
  const rank = document.createElement('span');
  rank.className = 'rank';
  rank.textContent = String(number);
  const text = document.createElement('div');
  const title = document.createElement('h3');
  title.className = 'title';
  title.dataset.testid = 'song-title';
  title.textContent = s.title;
  const meta = document.createElement('p');
  meta.className = 'meta';
  const artists = document.createElement('span');
  artists.className = 'artists';
  artists.textContent = s.artists.join(', ');
  const year = document.createElement('span');
  year.className = 'year';
  year.textContent = s.year ? ` · ${s.year}` : '';
  const distance = document.createElement('span');
  distance.className = 'distance';
  distance.textContent = distanceText(s);
  meta.append(artists, year, document.createTextNode(' · '), distance);
  text.append(title, meta);
  head.append(rank, text);

  const player = document.createElement('iframe');
  player.className = 'player';
  player.src = s.embedUrl;
  player.loading = 'lazy';
  player.title = `Spotify player: ${s.title}`;
  player.allow = 'encrypted-media; clipboard-write';
  player.height = '80';

  const footer = document.createElement('div');
  footer.className = 'song-actions';
  const link = document.createElement('a');
  link.href = s.url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.className = 'spotify-link';
  link.dataset.testid = 'spotify-link';
  link.textContent = 'Open in Spotify ↗';
  const up = voteButton(s, 'up', 'I like this song for my mood');
  const down = voteButton(s, 'down', 'This song does not fit my mood');
  const status = document.createElement('span');
  status.className = 'vote-status';
  status.dataset.testid = 'vote-status';
  status.setAttribute('role', 'status');
  footer.append(link, up, down, status);

  li.append(head, player, footer);
  return li;
}

// A thumb drawn inline (no emoji font needed); thumbs down is the same shape turned over.
const THUMB = 'M8 10 L11.6 3.2 C12.4 1.9 14.9 2.5 14.6 4.6 L14 9 H20 C21.2 9 22.1 10 21.8 11.2 L20.4 19 C20.2 20.2 19.3 21 18 21 H8 Z M2 10 H6 V21 H2 Z';

function thumbIcon(vote) {
  const svg = svgEl('svg', { viewBox: '0 0 24 24', width: '20', height: '20', 'aria-hidden': 'true', class: 'icon' });
  svg.appendChild(svgEl('path', vote === 'down' ? { d: THUMB, transform: 'rotate(180 12 12)' } : { d: THUMB }));
  return svg;
}

function voteButton(song, vote, label) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `thumb thumb-${vote}`;
  b.dataset.testid = `thumb-${vote}`;
  b.setAttribute('aria-pressed', 'false');
  b.setAttribute('aria-label', `${label}: ${song.title}`);
  b.title = vote === 'up' ? 'Thumbs up' : 'Thumbs down';
  b.appendChild(thumbIcon(vote));
  b.addEventListener('click', () => sendVote(song, vote, b));
  return b;
}

async function sendVote(song, vote, button) {
  const li = button.closest('li');
  const status = li.querySelector('.vote-status');
  try {
    const r = await postFeedback({ songs: [{ songId: song.id, vote }] });
    if (!r.ok) {
      status.textContent = await problemText(r);
      status.classList.add('error');
      // 409: the catalog was replaced since these songs were shown; the message says so, and fresh songs come in.
      if (r.status === 409) requestSongs();
      return;
    }
    li.querySelectorAll('.thumb').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    status.classList.remove('error');
    status.textContent = 'Thanks!';
  } catch (e) {
    status.textContent = `Not saved: ${e.message}`;
    status.classList.add('error');
  }
}
