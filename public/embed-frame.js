/*
 * Inside /embed: tells the page that frames it how tall the widget is, each time it
 * changes, so that the frame can fit it (public/embed.js listens). Only a height
 * leaves the frame, never what a person typed.
 */
(function () {
  'use strict';
  if (window.parent === window) return;
  var last = -1;
  function tell() {
    // The page's own height, not the frame's (scrollHeight never falls below the frame).
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'voter-lookup:height', height: height }, '*');
  }
  new ResizeObserver(tell).observe(document.body);
  window.addEventListener('load', tell);
})();
