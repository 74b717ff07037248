// Sparkport console: small progressive enhancements. Every page works without this file.
(function () {
  'use strict';

  // A page that is still changing (a job that has not ended) carries data-refresh on <main>. Fetch it again
  // and swap every [data-part] element that changed, until the page comes back without data-refresh.
  function followLiveParts() {
    var main = document.querySelector('main[data-refresh]');
    if (!main) return;
    var every = Number(main.getAttribute('data-refresh')) || 2000;
    function again() {
      fetch(location.href, { headers: { Accept: 'text/html' }, cache: 'no-store' })
        .then(function (res) { if (!res.ok) throw new Error('HTTP ' + res.status); return res.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, 'text/html');
          document.querySelectorAll('[data-part]').forEach(function (old) { swap(old, doc.getElementById(old.id)); });
          if (doc.querySelector('main[data-refresh]')) {
            setTimeout(again, every);
          } else {
            main.removeAttribute('data-refresh');
          }
        })
        .catch(function () { setTimeout(again, every * 2); });
    }
    setTimeout(again, every);
  }

  function swap(old, fresh) {
    if (!fresh || old.innerHTML === fresh.innerHTML) return;
    var log = old.querySelector('pre.log');
    var following = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    var focusedId = old.contains(document.activeElement) ? document.activeElement.id : null;
    old.replaceWith(fresh);
    var newLog = fresh.querySelector('pre.log');
    if (newLog && following) newLog.scrollTop = newLog.scrollHeight;
    if (focusedId && document.getElementById(focusedId)) document.getElementById(focusedId).focus();
    bindConfirms(fresh);
  }

  // Forms with data-confirm ask first (a cancel cannot be undone).
  function bindConfirms(root) {
    root.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('pre.log').forEach(function (p) { p.scrollTop = p.scrollHeight; });
    bindConfirms(document);
    followLiveParts();
  });
})();
