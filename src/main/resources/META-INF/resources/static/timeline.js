// Sparkport console: the pool page's autoscaling timeline, drawn with uPlot from the JSON the page embeds
// (the same document as GET /api/v1/pools/{pool}/timeline). Events are marks on the top edge of the plot;
// pointing at one (or focusing it with the keyboard) shows its reason.
(function () {
  'use strict';

  var SERIES = [
    { key: 'workersCurrent', label: 'Workers (registered)', stroke: '#0b5cad', width: 2.5 },
    { key: 'workersDesired', label: 'Workers (desired)', stroke: '#e07b00', width: 2, dash: [6, 4] },
    { key: 'runningJobs', label: 'Jobs running', stroke: '#1e7a3c', width: 1.5 },
    { key: 'queuedJobs', label: 'Jobs queued', stroke: '#b3261e', width: 1.5 },
    { key: 'demandCores', label: 'Cores needed', stroke: '#6b4fbb', width: 1.5, dash: [2, 3] }
  ];

  function draw() {
    var el = document.getElementById('timeline-chart');
    var source = document.getElementById('timeline-data');
    if (!el || !source || typeof uPlot === 'undefined') return;
    var data = JSON.parse(source.textContent);
    el.dataset.points = String(data.t.length);
    el.dataset.events = String(data.events.length);
    if (data.t.length === 0) {
      el.innerHTML = '<p class="muted">No sample in this window yet: the reconcile loop records one whenever the cluster or its demand changes.</p>';
      return;
    }
    var stepped = uPlot.paths.stepped({ align: 1 });
    var since = Date.parse(data.since) / 1000;
    var until = Date.parse(data.until) / 1000;
    var tip = document.createElement('div');
    tip.className = 'timeline-tip';
    tip.hidden = true;
    tip.setAttribute('role', 'tooltip');
    tip.id = 'timeline-tip';

    var opts = {
      width: Math.max(el.clientWidth, 280),
      height: el.clientWidth < 500 ? 220 : 300,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      scales: {
        x: { time: true },
        y: { range: function (u, min, max) { return [0, Math.max(2, Math.ceil(max) + 1)]; } }
      },
      axes: [{}, { label: 'count', incrs: [1, 2, 5, 10, 20, 50, 100] }],
      series: [{ label: 'Time (UTC)' }].concat(SERIES.map(function (s) {
        return { label: s.label, stroke: s.stroke, width: s.width, dash: s.dash, paths: stepped, points: { show: false } };
      })),
      hooks: { draw: [function (u) { placeEvents(u, data.events, tip); }] }
    };
    var columns = [data.t].concat(SERIES.map(function (s) { return data[s.key]; }));
    el.innerHTML = '';
    var plot = new uPlot(opts, columns, el);
    plot.over.appendChild(tip);
    plot.setScale('x', { min: since, max: until }); // the whole window; dragging zooms in, a double-click resets
    window.addEventListener('resize', function () {
      plot.setSize({ width: Math.max(el.clientWidth, 280), height: el.clientWidth < 500 ? 220 : 300 });
    });
    el.dataset.drawn = 'true';
  }

  // One mark per event at its time, with a vertical rule drawn on the canvas under it.
  function placeEvents(u, events, tip) {
    u.over.querySelectorAll('.event-marker').forEach(function (m) { m.remove(); });
    var ctx = u.ctx;
    ctx.save();
    ctx.setLineDash([3, 3]);
    ctx.lineWidth = 1;
    events.forEach(function (e) {
      var x = u.valToPos(e.t, 'x');
      if (x < 0 || x > u.over.clientWidth) return;
      ctx.strokeStyle = e.kind === 'teardown' ? '#b3261e' : e.kind === 'incident' ? '#e07b00' : '#6b4fbb';
      ctx.beginPath();
      var cx = Math.round(u.valToPos(e.t, 'x', true)) + 0.5;
      ctx.moveTo(cx, u.bbox.top);
      ctx.lineTo(cx, u.bbox.top + u.bbox.height);
      ctx.stroke();
      var mark = document.createElement('button');
      mark.type = 'button';
      mark.className = 'event-marker kind-' + e.kind;
      mark.style.left = x + 'px';
      var text = new Date(e.t * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC · ' + e.kind + ': ' + e.message;
      mark.setAttribute('aria-label', text);
      mark.setAttribute('aria-describedby', 'timeline-tip');
      mark.dataset.reason = text;
      var show = function () {
        tip.textContent = text;
        tip.hidden = false;
        var left = Math.min(x + 10, Math.max(0, u.over.clientWidth - 260));
        tip.style.left = left + 'px';
        tip.style.top = '18px';
      };
      var hide = function () { tip.hidden = true; };
      mark.addEventListener('mouseenter', show);
      mark.addEventListener('focus', show);
      mark.addEventListener('mouseleave', hide);
      mark.addEventListener('blur', hide);
      u.over.appendChild(mark);
    });
    ctx.restore();
  }

  document.addEventListener('DOMContentLoaded', draw);
})();
