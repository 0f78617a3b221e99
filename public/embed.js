/*
 * voter-lookup in a frame of its own. A host page adds one line:
 *   <script src="https://<voter-lookup>/embed.js" data-state="NC" data-lang="es" defer></script>
 * and gets an iframe of /embed on the service's origin where the script stands. What a
 * person types stays in that frame: the host's scripts, tag managers and session replay
 * cannot read it. The frame tells this script its height (postMessage), and the frame
 * grows or shrinks to fit. data-state and data-lang are optional.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var query = new URLSearchParams();
  if (script.dataset.state) query.set('state', script.dataset.state);
  if (script.dataset.lang) query.set('lang', script.dataset.lang);
  var frame = document.createElement('iframe');
  frame.src = origin + '/embed' + (query.toString() ? '?' + query.toString() : '');
  frame.title = script.dataset.title || 'Am I registered to vote?';
  frame.setAttribute('data-voter-lookup-frame', '');
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.display = 'block';
  frame.height = '520';
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== 'voter-lookup:height' || typeof data.height !== 'number' || !isFinite(data.height)) return;
    frame.height = String(Math.min(Math.max(Math.ceil(data.height), 120), 4000));
  });
})();
