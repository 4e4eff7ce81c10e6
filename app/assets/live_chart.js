// Page 6's live charts (app/live_chart.py): Plotly.react on the same plot at every update.
// Loaded once by the component's stub from Streamlit's component file route; `base` is the app's
// base URL (as the browser sees it), `component` what Streamlit gives a v2 component.
const G = window.__dlLiveChart || (window.__dlLiveChart = {statics: new Map(), plotly: null, asked: 0});

// One plotly.js for every live chart of the page, chosen once, and the one Streamlit's own charts
// use wherever possible: `data.streamlitPlotly` is the path of Streamlit's plotly chunk (the ES
// module its st.plotly_chart loads lazily, which sets window.Plotly when it runs). Importing the
// very same URL gives the very same module: while Streamlit's own import of it is still on its
// way (a live chart drawn before the page's first st.plotly_chart has its plotly), the browser
// waits for that one download instead of starting another. Only when that chunk is not there
// (another Streamlit build) is the plotly package's plotly.min.js (`data.plotly`) fetched. A plot
// is always updated by the instance that drew it.
function loadScript(url) {
  return new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = url;
    s.onload = () => ok(window.Plotly);
    s.onerror = () => fail(new Error('plotly.js did not load from ' + url));
    document.head.appendChild(s);
  });
}

const usable = () => (window.Plotly && window.Plotly.react ? window.Plotly : null);

function loadPlotly(base, data) {
  if (!G.plotly && usable()) G.plotly = Promise.resolve(usable());
  if (!G.plotly) {
    const streamlits = data.streamlitPlotly
      ? import(base + data.streamlitPlotly).then(usable, () => null)
      : Promise.resolve(null);
    G.plotly = streamlits.then(P => P || usable() || loadScript(base + data.plotly));
    G.plotly.catch(() => { G.plotly = null; });
  }
  return G.plotly;
}

function decode(a) {
  if (Array.isArray(a)) return a.map(decode);
  if (!a || typeof a !== 'object') return a;
  if (!('q' in a && 'b' in a)) {
    const o = {};
    for (const k in a) o[k] = decode(a[k]);
    return o;
  }
  const bin = atob(a.b), bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const u8 = a.q === 'u8';
  const raw = u8 ? bytes : new Int16Array(bytes.buffer);
  const out = new Float64Array(raw.length), span = (a.hi - a.lo) / (u8 ? 254 : 65534);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    out[i] = (u8 ? r === 255 : r === -32768) ? NaN : a.lo + (u8 ? r : r + 32767) * span;
    if (a.log) out[i] = Math.pow(10, out[i]);
  }
  if (!a.shape) return out;
  const rows = [], w = a.shape[1];
  for (let i = 0; i < a.shape[0]; i++) rows.push(out.subarray(i * w, (i + 1) * w));
  return rows;
}

export default function (component, base) {
  const { data, parentElement, setStateValue } = component;
  if (!data) return;
  let st = parentElement.__dl;
  if (!st) {
    const div = document.createElement('div');
    div.className = 'dl-live-chart';
    div.style.width = '100%';
    parentElement.appendChild(div);
    st = parentElement.__dl = { div, drawn: false };
  }
  if (data.static) G.statics.set(data.sh, { layout: data.static.layout, traces: decode(data.static.traces) });
  while (G.statics.size > 64) G.statics.delete(G.statics.keys().next().value);
  const stat = G.statics.get(data.sh);
  if (!stat) {  // an update whose static part this page never got (e.g. one it skipped): ask
    setStateValue('need', data.sh + ':' + (++G.asked));
    return;
  }
  const traces = stat.traces.map((t, i) => Object.assign({}, t, decode(data.traces[i] || {})));
  const layout = Object.assign({}, stat.layout, { uirevision: data.sh.slice(0, 8) });
  st.div.style.height = (layout.height || 400) + 'px';
  if (data.alt) {  // what a screen reader reads (app/chart_text.py), as st.plotly_chart's alt
    st.div.setAttribute('role', 'figure');
    st.div.setAttribute('aria-label', data.alt);
  }
  loadPlotly(base, data).then(P => {
    P.react(st.div, traces, layout, Object.assign({ responsive: true }, data.config || {}));
    st.drawn = true;
    st.div.dataset.updates = String((+st.div.dataset.updates || 0) + 1);
  }).catch(err => {
    st.div.textContent = (data.error || '') + ' ' + String(err);
  });
}
