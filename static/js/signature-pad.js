// The head of the household signs with a finger on the cadre's phone; the drawing is posted as a PNG.
(function () {
  "use strict";
  var canvas = document.querySelector("[data-signature-pad]");
  if (!canvas) return;
  var form = canvas.closest("form");
  var field = form.querySelector("input[name=signature]");
  var context = canvas.getContext("2d");
  var drawing = false;
  var drawn = false;

  function resize() {
    var ratio = window.devicePixelRatio || 1;
    canvas.width = canvas.clientWidth * ratio;
    canvas.height = canvas.clientHeight * ratio;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#000";
    drawn = false;
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  canvas.addEventListener("pointerdown", function (event) {
    drawing = true;
    drawn = true;
    try {
      canvas.setPointerCapture(event.pointerId);
    } catch (error) {
      // Capture only keeps a stroke that leaves the box: drawing works without it.
    }
    var p = point(event);
    context.beginPath();
    context.moveTo(p.x, p.y);
    context.lineTo(p.x + 0.1, p.y + 0.1);
    context.stroke();
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) return;
    var p = point(event);
    context.lineTo(p.x, p.y);
    context.stroke();
    event.preventDefault();
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    canvas.addEventListener(name, function () {
      drawing = false;
    });
  });
  form.querySelector("[data-signature-clear]").addEventListener("click", function () {
    context.clearRect(0, 0, canvas.width, canvas.height);
    drawn = false;
  });
  form.addEventListener("submit", function () {
    field.value = drawn ? canvas.toDataURL("image/png") : "";
  });
  resize();
})();
