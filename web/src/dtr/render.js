// Renders the Questionnaire as plain DOM built with createElement/textContent (never innerHTML of form text), and
// keeps the form state in sync. rendering-xhtml is shown only after sanitising to a small allow-list.
import { EXT, ext1, optionsOf, isHidden, originAfterEdit, valueKey } from "./form.js";
import { h } from "../shared/dom.js";

const ALLOWED_TAGS = new Set(["P", "B", "I", "EM", "STRONG", "BR", "UL", "OL", "LI", "SPAN", "DIV", "SUB", "SUP", "CODE"]);

/** rendering-xhtml reduced to text formatting: no attributes, no links, no scripts, no styles. */
export function sanitisedXhtml(xhtml) {
  const doc = new DOMParser().parseFromString(`<div>${xhtml}</div>`, "text/html");
  const copy = node => {
    if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent);
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const children = [...node.childNodes].map(copy).filter(Boolean);
    if (!ALLOWED_TAGS.has(node.tagName)) { const f = document.createDocumentFragment(); f.append(...children); return f; }
    const el = document.createElement(node.tagName.toLowerCase());
    el.append(...children);
    return el;
  };
  const out = document.createElement("span");
  out.append(...[...doc.body.firstChild.childNodes].map(copy).filter(Boolean));
  return out;
}

function label(item) {
  const xhtml = ext1(item._text, EXT.renderingXhtml)?.valueString;
  return xhtml ? sanitisedXhtml(xhtml) : document.createTextNode(item.text ?? item.linkId);
}

const codingKey = c => `${c.system ?? ""}|${c.code}`;

/**
 * The form view. `state` holds { questionnaire, answers: Map, expansions: Map }; `onChange()` is called after each
 * edit so the page can recompute enablement and validity.
 */
export class FormView {
  constructor(root, state, onChange) {
    this.root = root;
    this.state = state;
    this.onChange = onChange;
    this.rows = new Map();
  }

  render() {
    this.root.replaceChildren(...(this.state.questionnaire.item ?? []).map(i => this.item(i)));
  }

  item(item) {
    const row = h("div", { class: `item item-${item.type}`, "data-linkid": item.linkId, "data-type": item.type, "data-required": item.required === true });
    this.rows.set(item.linkId, row);
    if (isHidden(item)) row.classList.add("hidden-item");
    if (item.type === "group") {
      row.append(h("fieldset", {}, h("legend", {}, label(item)), ...(item.item ?? []).map(i => this.item(i))));
      return row;
    }
    if (item.type === "display") { row.append(h("p", { class: "display" }, label(item))); return row; }
    const id = "q-" + item.linkId;
    row.append(h("label", { for: id, class: "question" }, label(item), item.required ? h("span", { class: "required", title: "required" }, " *") : null));
    row.append(this.input(item, id));
    const unit = ext1(item, EXT.unit)?.valueCoding;
    if (unit) row.append(h("span", { class: "unit" }, " " + (unit.display ?? unit.code)));
    row.append(h("span", { class: "origin", "data-origin": "" }));
    const link = ext1(item, EXT.supportLink)?.valueUri;
    if (link && /^https?:/.test(link)) row.append(h("a", { href: link, target: "_blank", rel: "noopener noreferrer", class: "support" }, "More information"));
    this.showOrigin(item.linkId);
    return row;
  }

  current(linkId) { return this.state.answers.get(linkId); }

  set(item, values) {
    const previous = this.current(item.linkId);
    this.state.answers.set(item.linkId, { values, origin: originAfterEdit(previous) });
    this.showOrigin(item.linkId);
    this.onChange();
  }

  showOrigin(linkId) {
    const row = this.rows.get(linkId);
    const badge = row?.querySelector("[data-origin]");
    if (!badge) return;
    const a = this.current(linkId);
    const origin = a?.values?.length ? a.origin : "";
    badge.dataset.origin = origin;
    badge.textContent = origin === "auto" ? "from the chart" : origin === "override" ? "changed from the chart" : origin === "manual" ? "entered" : "";
  }

  input(item, id) {
    const readOnly = item.readOnly === true;
    const values = this.current(item.linkId)?.values ?? [];
    const key = valueKey(item.type);
    switch (item.type) {
      case "boolean": {
        const v = values[0]?.valueBoolean;
        const name = id;
        const radio = (value, text) => h("label", { class: "option" },
          h("input", { type: "radio", name, value: String(value), checked: v === value, disabled: readOnly, onchange: () => this.set(item, [{ valueBoolean: value }]) }), " " + text);
        return h("span", { id, role: "radiogroup" }, radio(true, "Yes"), radio(false, "No"));
      }
      case "integer": case "decimal": {
        const v = values[0]?.[key];
        return h("input", { id, type: "number", step: item.type === "integer" ? "1" : "any", value: v ?? "", readonly: readOnly,
          oninput: e => {
            const text = e.target.value.trim();
            const n = item.type === "integer" ? Number.parseInt(text, 10) : Number.parseFloat(text);
            this.set(item, text === "" || !Number.isFinite(n) ? [] : [{ [key]: n }]);
          } });
      }
      case "date": case "dateTime": case "time": {
        const v = values[0]?.[key];
        const type = item.type === "date" ? "date" : item.type === "time" ? "time" : "datetime-local";
        return h("input", { id, type, value: v ? String(v).slice(0, item.type === "dateTime" ? 16 : undefined) : "", readonly: readOnly,
          onchange: e => this.set(item, e.target.value ? [{ [key]: e.target.value }] : []) });
      }
      case "choice": case "open-choice": return this.choice(item, id, values, readOnly);
      case "text":
        return h("textarea", { id, readonly: readOnly, oninput: e => this.set(item, e.target.value ? [{ valueString: e.target.value }] : []) }, values[0]?.valueString ?? "");
      default:
        return h("input", { id, type: item.type === "url" ? "url" : "text", value: values[0]?.[key] ?? "", readonly: readOnly,
          oninput: e => this.set(item, e.target.value ? [{ [key]: e.target.value }] : []) });
    }
  }

  choice(item, id, values, readOnly) {
    const options = optionsOf(item, this.state.expansions);
    const chosen = new Set(values.filter(v => v.valueCoding).map(v => codingKey(v.valueCoding)));
    const others = values.filter(v => v.valueString !== undefined).map(v => v.valueString);
    const control = ext1(item, EXT.itemControl)?.valueCodeableConcept?.coding?.[0]?.code;
    const asBoxes = item.repeats || control === "check-box" || control === "radio-button" || options.length <= 6;
    // Chart codes outside the option list stay visible (and kept) rather than silently dropped.
    const unlisted = values.filter(v => v.valueCoding && !options.some(o => codingKey(o) === codingKey(v.valueCoding)));
    const collect = container => {
      const picked = [...container.querySelectorAll("input[data-code]:checked, option[data-code]:checked")]
        .map(el => options[Number(el.dataset.index)]).filter(Boolean)
        .map(o => o.string ? { valueString: o.code } : { valueCoding: { system: o.system, code: o.code, ...(o.display ? { display: o.display } : {}) } });
      const other = container.querySelector("input.other")?.value.trim();
      if (other) picked.push({ valueString: other });
      return [...picked, ...unlisted];
    };
    const wrapper = h("span", { id, class: "choice" });
    if (asBoxes) {
      const type = item.repeats ? "checkbox" : "radio";
      options.forEach((o, index) => wrapper.append(h("label", { class: "option" },
        h("input", { type, name: id, "data-code": o.code, "data-index": index, checked: chosen.has(codingKey(o)) || (o.string && others.includes(o.code)), disabled: readOnly,
          onchange: () => this.set(item, collect(wrapper)) }), " " + (o.display ?? o.code))));
    } else {
      const select = h("select", { disabled: readOnly, multiple: item.repeats, onchange: () => this.set(item, collect(wrapper)) },
        h("option", { value: "" }, "—"),
        ...options.map((o, index) => h("option", { value: String(index), "data-code": o.code, "data-index": index, selected: chosen.has(codingKey(o)) }, o.display ?? o.code)));
      wrapper.append(select);
    }
    for (const v of unlisted) wrapper.append(h("span", { class: "unlisted", "data-code": v.valueCoding.code }, ` ${v.valueCoding.display ?? v.valueCoding.code} (${v.valueCoding.code})`));
    if (item.type === "open-choice")
      wrapper.append(h("input", { type: "text", class: "other", placeholder: "other", value: others.filter(o => !options.some(x => x.string && x.code === o)).join(", "), readonly: readOnly,
        onchange: () => this.set(item, collect(wrapper)) }));
    return wrapper;
  }

  /** Shows only enabled items: a disabled item's row is hidden (its answer stays in memory but leaves the response). */
  applyEnablement(enabled) {
    for (const [linkId, row] of this.rows) {
      row.classList.toggle("disabled", !enabled.has(linkId));
      row.hidden = !enabled.has(linkId) || row.classList.contains("hidden-item");
    }
  }
}
