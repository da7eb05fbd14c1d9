// cooplabel serve — small, vanilla, optional: every page works without this script.
(function () {
  "use strict";

  // Print buttons.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // Check page: a file dropped on the zone goes into the file field.
  var zone = document.getElementById("depot");
  var input = document.getElementById("fichier");
  if (zone && input) {
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
      }
    });
  }

  // Questionnaire: after each answer, ask the service where the dossier stands and show it.
  var form = document.getElementById("questionnaire");
  var panel = document.getElementById("progres");
  if (form && panel && window.fetch) {
    var timer = null;
    var refresh = function () {
      var body = new URLSearchParams(new FormData(form));
      fetch("/questionnaire/etat", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: body
      }).then(function (r) {
        return r.ok ? r.text() : null;
      }).then(function (html) {
        if (html === null) { return; }
        // The fragment is the service's own template output, every value escaped.
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("progres-contenu");
        var old = document.getElementById("progres-contenu");
        if (fresh && old) { old.replaceWith(document.importNode(fresh, true)); }
      }).catch(function () { /* the button still updates the page */ });
    };
    var later = function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(refresh, 350);
    };
    form.addEventListener("change", later);
    form.addEventListener("input", later);
  }
})();
