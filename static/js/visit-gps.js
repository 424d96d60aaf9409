// Fills a visit's latitude and longitude from the phone's position (the browser asks the user first).
(function () {
  "use strict";
  var button = document.querySelector("[data-gps-fill]");
  if (!button) return;
  var status = document.querySelector("[data-gps-status]");
  var latitude = document.querySelector("input[name=latitude]");
  var longitude = document.querySelector("input[name=longitude]");
  if (!navigator.geolocation || !latitude || !longitude) {
    button.hidden = true;
    return;
  }
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        status.textContent = status.dataset.done;
        button.disabled = false;
      },
      function () {
        status.textContent = status.dataset.denied;
        button.disabled = false;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
