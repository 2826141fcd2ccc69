// What every panel shares: element lookup, messages, SVG elements, number formatting, the page's state, and events
// between panels (a panel announces what happened; the others decide what it means for them).

export const $ = (id) => document.getElementById(id);
export const SVG_NS = 'http://www.w3.org/2000/svg';
export const COLOURS = {
  neutral: '#a3adb8', happy: '#f4c542', sad: '#5b8def', surprise: '#f29a3f',
  fear: '#a173d6', disgust: '#5fb36b', anger: '#e0574c', contempt: '#c9729f',
};

export const state = {
  v: 0, a: 0,
  source: 'manual',      // 'photo' (estimated) or 'manual' (set by hand)
  emotion: null,
  songs: [],             // what the list shows: Match (/api/recommend) or Lift (/api/journey) songs, in order
  mode: 'match',         // 'match' or 'lift'
  target: null,          // the lift's target {v, a} once the user drags it; null: the server's default rule
  journey: null,         // the last /api/journey answer (Lift), for drawing and export
  afterCheck: null,      // while asking "how do you feel now?": the journey's {v, a, mode, target} before listening
  catalogEmpty: false,
  regions: null,         // /api/emotions/regions, for naming a point before (or without) the server's answer
  operator: false,       // signed in as the operator (the cookie is HttpOnly: the server says so)
  antiforgery: null,     // sent with the operator's writes
  uploadAllowed: true,
  // A made-up id per visit: links a visit's feedback (before → after) without saying who it was.
  session: (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2)).replace(/[^A-Za-z0-9-]/g, ''),
};

export const fmt = (x) => (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(2);
export const clamp = (x) => Math.max(-1, Math.min(1, x));
// Four decimals are far finer than any estimate; they keep URLs and stored feedback free of float noise.
export const round4 = (x) => Math.round(x * 1e4) / 1e4;
export const capitalise = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

export function show(el, text, kind) {
  el.textContent = text || '';
  el.hidden = !text;
  el.classList.toggle('error', kind === 'error');
  el.classList.toggle('ok', kind === 'ok');
}

export async function problemText(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status} ${response.statusText}`;
  }
}

export function svgEl(name, attrs) {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  return el;
}

export const emit = (name, detail) => document.dispatchEvent(new CustomEvent(name, { detail }));
export const on = (name, handler) => document.addEventListener(name, (e) => handler(e.detail));
