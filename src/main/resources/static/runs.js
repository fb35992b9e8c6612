// The Runs page's live progress: polls /runs/progress every 2 s and fills each feed's line, no reload.
(function () {
  function show() {
    fetch('runs/progress', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (all) {
        if (!all) { return; }
        document.querySelectorAll('[data-progress-feed]').forEach(function (el) {
          var p = all[el.getAttribute('data-progress-feed')];
          var text = el.querySelector('.progress-text');
          var bar = el.querySelector('.bar > span');
          if (!p) { text.textContent = 'no run published yet'; bar.style.width = '0'; return; }
          text.textContent = p.state === 'RUNNING' ? p.line
              : 'last run ' + p.state.toLowerCase() + ': ' + p.done + '/' + p.total + ' files, ' + p.quarantined + ' quarantined';
          bar.style.width = p.percent + '%';
          el.setAttribute('data-state', p.state);
        });
      })
      .catch(function () { /* the console is restarting: next tick */ });
  }
  show();
  setInterval(show, 2000);
})();
