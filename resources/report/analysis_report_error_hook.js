'use strict';
(function () {
  const box = document.getElementById('js-errors');
  const report = text => { box.textContent += text + '\n'; };
  window.onerror = (message, source, line, column) => {
    report(String(message) + ' (line ' + line + ':' + column + ')');
    return false;
  };
  window.addEventListener('unhandledrejection', event => {
    report('unhandled rejection: ' + String(event.reason));
  });
})();
