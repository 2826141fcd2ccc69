// Feedback: thumbs and survey answers go to /api/feedback with the point, the mode (match/lift), the lift's target
// and the visit's session; after a journey, "how do you feel now?" stores the point before → after.
import { $, state, show, emit, problemText } from './common.js';

/** Posts feedback about the songs on show; extra holds songs, survey and/or after. */
export function postFeedback(extra) {
  const before = state.afterCheck || { v: state.v, a: state.a, mode: state.mode, target: journeyTarget() };
  const body = {
    valence: before.v, arousal: before.a, source: state.source, emotion: state.emotion,
    mode: before.mode, session: state.session, ...extra,
  };
  if (before.mode === 'lift' && before.target) body.target = { valence: before.target.v, arousal: before.target.a };
  return fetch('/api/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

// The target of the journey on show (the user's or the default rule's), for the record.
function journeyTarget() {
  return state.mode === 'lift' && state.journey ? { v: state.journey.to.valence, a: state.journey.to.arousal } : null;
}

export function setupSurvey() {
  $('survey-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = $('survey-status');
    const survey = {};
    for (let q = 1; q <= 4; q++) {
      const checked = document.querySelector(`input[name="q${q}"]:checked`);
      if (checked) survey[`q${q}`] = Number(checked.value);
    }
    if (Object.keys(survey).length === 0) { show(status, 'Pick an answer (1–5) for at least one statement.', 'error'); return; }
    try {
      const r = await postFeedback({ survey });
      if (!r.ok) { show(status, await problemText(r), 'error'); return; }
      show(status, 'Thank you: your answers were saved.', 'ok');
    } catch (err) {
      show(status, `Not saved: ${err.message}`, 'error');
    }
  });
}

// "How do you feel now?": the journey on show is kept as it was (moving the point no longer changes the songs);
// the user moves the point or takes a new photo, then saves: the point before → after is stored with the session.
export function setupFeelNow() {
  const ask = $('feel-now');
  const save = $('feel-save');
  const cancel = $('feel-cancel');
  const status = $('feel-status');
  ask.addEventListener('click', () => {
    state.afterCheck = { v: state.v, a: state.a, mode: state.mode, target: journeyTarget() };
    ask.hidden = true;
    save.hidden = false;
    cancel.hidden = false;
    show(status, 'Move your point (or take a new photo) to where you are now, then press Save.');
  });
  const done = () => {
    state.afterCheck = null;
    ask.hidden = false;
    save.hidden = true;
    cancel.hidden = true;
  };
  cancel.addEventListener('click', () => { done(); show(status, ''); emit('point-changed'); });
  save.addEventListener('click', async () => {
    try {
      const r = await postFeedback({ after: { valence: state.v, arousal: state.a } });
      if (!r.ok) { show(status, await problemText(r), 'error'); return; }
      const b = state.afterCheck;
      show(status, `Saved: (${b.v.toFixed(2)}, ${b.a.toFixed(2)}) before → (${state.v.toFixed(2)}, ${state.a.toFixed(2)}) now. Thank you!`, 'ok');
      done();
      emit('point-changed');
    } catch (e) {
      show(status, `Not saved: ${e.message}`, 'error');
    }
  });
}
