/* Interactive API documentation: reads the schema address from the page, sends the CSRF token on writes. */
(function () {
  var holder = document.getElementById("api-docs");
  if (!holder || !window.SwaggerUIBundle) { return; }
  window.SwaggerUIBundle({
    url: holder.dataset.schemaUrl,
    domNode: holder,
    deepLinking: true,
    // Many endpoints: open on the list of groups, each opened by a click, with a box to filter them by name.
    docExpansion: "none",
    filter: true,
    requestInterceptor: function (request) {
      request.headers["X-CSRFToken"] = holder.dataset.csrfToken;
      return request;
    }
  });
})();
