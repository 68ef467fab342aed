// Draws the case's process with bpmn-js (NavigatedViewer) and marks where it stands. Without JavaScript, or when
// the model has no diagram, the page shows the list of current steps only; nothing here is needed to work the case.
(function () {
  'use strict';
  var box = document.getElementById('prozessdiagramm');
  if (!box || typeof window.BpmnJS !== 'function' || typeof window.fetch !== 'function') {
    return;
  }
  var canvasBox = box.querySelector('.rathaus-diagram__canvas');
  var ids = function (name) { return (box.getAttribute(name) || '').split(' ').filter(Boolean); };

  window.fetch(box.getAttribute('data-xml'), { credentials: 'same-origin', headers: { Accept: 'application/xml' } })
    .then(function (response) { return response.ok ? response.text() : Promise.reject(new Error(String(response.status))); })
    .then(function (xml) {
      canvasBox.hidden = false;
      var viewer = new window.BpmnJS({ container: canvasBox });
      // The viewer's svg takes the focus (arrow keys move the diagram), so it is the image with the text alternative:
      // an image around it may not hold something focusable.
      var svg = canvasBox.querySelector('svg');
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', canvasBox.getAttribute('data-label'));
      return viewer.importXML(xml).then(function () {
        var canvas = viewer.get('canvas');
        var registry = viewer.get('elementRegistry');
        var mark = function (id, marker) { if (registry.get(id)) { canvas.addMarker(id, marker); } };
        ids('data-done').forEach(function (id) { mark(id, 'rathaus-done'); });
        ids('data-current').forEach(function (id) { mark(id, 'rathaus-current'); });
        canvas.zoom('fit-viewport');
      });
    })
    .catch(function () { canvasBox.hidden = true; });
})();
