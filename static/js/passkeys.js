// Passkeys (WebAuthn) for the second factor: adding one on /konto/zwei-faktor, and using
// one at the sign-in's second step or to confirm who you are. The controls are rendered
// hidden; this file shows them only where the browser can use passkeys, so without it
// the authenticator app and the recovery codes keep working.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) { return; }

  // base64url (what the server sends) <-> ArrayBuffer (what the browser's API takes).
  function toBuffer(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = window.atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // The same token htmx sends: base.html puts it on <body> for every page.
  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("data-hx-headers"))["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function post(url, body) {
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.redirected) {
        // Sent to sign in or to confirm who you are first: go there.
        window.location.assign(response.url);
        return new Promise(function () {});
      }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var failure = new Error((data.error && data.error.message) || "");
          failure.fromServer = true;
          throw failure;
        }
        return data;
      });
    });
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBuffer(item.id), transports: item.transports };
    });
  }

  // A credential as JSON for the server; `answer` is what its kind of response holds.
  function serialised(credential, answer) {
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: answer
    };
  }

  function created(credential) {
    var response = credential.response;
    return serialised(credential, {
      clientDataJSON: toText(response.clientDataJSON),
      attestationObject: toText(response.attestationObject),
      transports: response.getTransports ? response.getTransports() : []
    });
  }

  function asserted(credential) {
    var response = credential.response;
    return serialised(credential, {
      clientDataJSON: toText(response.clientDataJSON),
      authenticatorData: toText(response.authenticatorData),
      signature: toText(response.signature),
      userHandle: response.userHandle ? toText(response.userHandle) : null
    });
  }

  function register(options) {
    options.challenge = toBuffer(options.challenge);
    options.user.id = toBuffer(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    return navigator.credentials.create({ publicKey: options }).then(created);
  }

  function authenticate(options) {
    options.challenge = toBuffer(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    return navigator.credentials.get({ publicKey: options }).then(asserted);
  }

  function setUp(box) {
    var button = box.querySelector("button");
    var status = box.querySelector("[data-passkey-status]");
    var creating = box.getAttribute("data-passkey") === "create";

    function fail(error) {
      // The browser's own errors (cancelled, timed out, not allowed) get the page's words.
      status.textContent = (error && error.fromServer && error.message) ||
        box.getAttribute("data-error-text");
      button.disabled = false;
    }

    function run(body) {
      button.disabled = true;
      status.textContent = box.getAttribute("data-wait-text");
      post(box.getAttribute("data-options-url"), {})
        .then(creating ? register : authenticate)
        .then(function (credential) {
          body.credential = credential;
          return post(box.getAttribute("data-finish-url"), body);
        })
        .then(function (answer) { window.location.assign(answer.redirect); })
        .catch(fail);
    }

    if (creating) {
      box.addEventListener("submit", function (event) {
        event.preventDefault();
        var field = box.querySelector("input[name=name]");
        if (!field.value.trim()) {
          status.textContent = box.getAttribute("data-name-missing");
          field.focus();
          return;
        }
        run({ name: field.value });
      });
    } else {
      button.addEventListener("click", function () {
        var body = {};
        var form = box.getAttribute("data-form") &&
          document.getElementById(box.getAttribute("data-form"));
        if (form) {
          // Re-authentication: the password typed above, and where to go on.
          body.password = form.elements.password.value;
          body.next = form.elements.next ? form.elements.next.value : "";
        }
        run(body);
      });
    }
    box.hidden = false;
  }

  function start() {
    var boxes = document.querySelectorAll("[data-passkey]");
    for (var i = 0; i < boxes.length; i++) { setUp(boxes[i]); }
    var notes = document.querySelectorAll("[data-passkey-unsupported]");
    for (var j = 0; j < notes.length; j++) { notes[j].hidden = true; }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
