/* Search-as-you-type pickers (issue #17 §1; core.combobox, docs/pickers.md). Loaded by base.html
 * for signed-in people; on a page with a picker it loads the combobox library
 * static/vendor/accessible-autocomplete (alphagov, MIT; its script and style sheet are named by
 * the picker's data-picker-script and data-picker-style), so other pages fetch nothing more.
 *
 * Each <div data-picker data-picker-url=… data-picker-name=…> holds, without JavaScript, a search
 * input with a "Søg" button (which posts the form to list the matches) and the chosen value(s) as
 * checked radio buttons or check boxes. Here the search input and button become one combobox
 * that asks data-picker-url (core:picker, at most 20 matches, JSON) as the user types:
 * - one choice: the choice is a hidden input named data-picker-name; typing again clears it
 *   until a match is chosen;
 * - several (data-picker-multiple): a chosen match is added as a checked check box (uncheck to
 *   remove) and the combobox is emptied for the next one.
 * No HTML is built from strings except the suggestion text, which is escaped (CSP: script-src
 * 'self'; the library sets no inline style attribute except on iOS for an off-screen position).
 */
(function () {
  "use strict";

  var roots = document.querySelectorAll("[data-picker]");
  if (!roots.length || !window.fetch) {
    return;
  }

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  function label(option) {
    if (!option) {
      return "";
    }
    if (typeof option === "string") {
      return option;
    }
    var detail = [option.job_title, option.unit].filter(Boolean).join(", ");
    return detail ? option.name + " – " + detail : option.name;
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_match, key) {
      return String(values[key]);
    });
  }

  function addCheckbox(root, name, option) {
    var options = root.querySelector(".picker-options");
    if (!options) {
      options = document.createElement("fieldset");
      options.className = "picker-options";
      var legend = document.createElement("legend");
      legend.textContent = root.getAttribute("data-t-chosen");
      options.appendChild(legend);
      root.appendChild(options);
    }
    var existing = options.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < existing.length; i++) {
      if (existing[i].value === String(option.id)) {
        existing[i].checked = true;
        return;
      }
    }
    var wrapper = document.createElement("label");
    wrapper.className = "picker-option";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = name;
    box.value = String(option.id);
    box.checked = true;
    wrapper.appendChild(box);
    wrapper.appendChild(document.createTextNode(" " + label(option)));
    options.appendChild(wrapper);
  }

  function setUp(root) {
    var search = root.querySelector(".picker-search");
    var input = search && search.querySelector("input");
    if (!input) {
      return;
    }
    var name = root.getAttribute("data-picker-name");
    var url = root.getAttribute("data-picker-url");
    var multiple = root.hasAttribute("data-picker-multiple");
    var hidden = null;
    var chosenLabel = "";

    if (!multiple) {
      var checked = root.querySelector(".picker-options input:checked");
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = checked ? checked.value : "";
      chosenLabel = checked && checked.value ? checked.getAttribute("data-label") || "" : "";
      var options = root.querySelector(".picker-options");
      if (options) {
        options.remove();
      }
      root.appendChild(hidden);
    } else {
      // the fallback's unchosen matches are not needed with the combobox
      root.querySelectorAll(".picker-options input:not(:checked)").forEach(function (box) {
        box.closest("label").remove();
      });
    }
    var none = root.querySelector(".picker-none");
    if (none) {
      none.remove();
    }

    var container = document.createElement("div");
    container.className = "picker-combobox";
    search.replaceWith(container);

    var latest = 0;
    function source(query, populateResults) {
      var ticket = ++latest;
      var sep = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (ticket === latest) {
            populateResults(data.results || []);
          }
        })
        .catch(function () {
          if (ticket === latest) {
            populateResults([]);
          }
        });
    }

    window.accessibleAutocomplete({
      element: container,
      id: input.id,
      name: input.name,
      source: source,
      minLength: 1,
      defaultValue: multiple ? "" : chosenLabel,
      showNoOptionsFound: true,
      confirmOnBlur: false,
      templates: {
        inputValue: function (option) {
          return multiple ? "" : label(option);
        },
        suggestion: function (option) {
          return escapeHtml(label(option));
        },
      },
      onConfirm: function (option) {
        if (!option || typeof option === "string") {
          return;
        }
        if (multiple) {
          addCheckbox(root, name, option);
        } else {
          hidden.value = String(option.id);
          chosenLabel = label(option);
        }
      },
      tNoResults: function () {
        return root.getAttribute("data-t-no-results");
      },
      tStatusQueryTooShort: function () {
        return root.getAttribute("data-t-too-short");
      },
      tStatusNoResults: function () {
        return root.getAttribute("data-t-no-results");
      },
      tStatusSelectedOption: function (option, count, index) {
        return fill(root.getAttribute("data-t-selected"), {
          option: option,
          position: index + 1,
          count: count,
        });
      },
      tStatusResults: function (count, selected) {
        var text =
          count === 1
            ? root.getAttribute("data-t-results-one")
            : fill(root.getAttribute("data-t-results-many"), { count: count });
        return text + " " + (selected || "");
      },
      tAssistiveHint: function () {
        return root.getAttribute("data-t-hint");
      },
    });

    if (!multiple) {
      // typing after a choice undoes it until a match is chosen again
      container.addEventListener("input", function (event) {
        if (event.target.value !== chosenLabel) {
          hidden.value = "";
        }
      });
    }
  }

  function start() {
    if (typeof window.accessibleAutocomplete === "function") {
      roots.forEach(setUp);
    }
  }

  if (typeof window.accessibleAutocomplete === "function") {
    start();
    return;
  }
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = roots[0].getAttribute("data-picker-style");
  document.head.appendChild(style);
  var script = document.createElement("script");
  script.src = roots[0].getAttribute("data-picker-script");
  script.addEventListener("load", start);
  document.head.appendChild(script);
})();
