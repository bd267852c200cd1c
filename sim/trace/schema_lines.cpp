// Schema lines and schema-change lists of the scenario format (docs/schema-changes.md
// "Grammar"): parsing and canonical text. The file-level checks are in schema_check.cpp.
// The input is fuzzed: every problem is an error message, tokens are quoted through lex::quote.
#include "sim/trace/schema_lines.h"

#include <array>
#include <climits>
#include <type_traits>

namespace syncsim {
namespace {

using lex::Err;
using lex::Tokens;
using model::PropertyType;

bool is_ident(std::string_view s) {
  if (s.empty()) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(s[0]) && s[0] != '_') return false;
  for (char c : s)
    if (!alpha(c) && c != '_' && !(c >= '0' && c <= '9')) return false;
  return true;
}

Err check_name(std::string_view name, std::string_view what) {
  if (is_ident(name)) return std::nullopt;
  return "bad " + std::string(what) + " " + lex::quote(name) + " (expected [A-Za-z_][A-Za-z0-9_]*)";
}

constexpr std::string_view kTypes = "string, int, bool, date, array<string>, link<T>, list<T>";

/// `string` ... `array<string>`, `link<T>`, `list<T>` -> type and link target.
Err parse_type(std::string_view word, PropertyType& type, std::string& target) {
  for (const std::string_view prefix : {"link<", "list<"}) {
    if (word.substr(0, prefix.size()) != prefix) continue;
    if (word.back() != '>') break;
    const std::string_view inner = word.substr(prefix.size(), word.size() - prefix.size() - 1);
    if (Err e = check_name(inner, "link target")) return e;
    type = prefix == "link<" ? PropertyType::Link : PropertyType::LinkList;
    target = std::string(inner);
    return std::nullopt;
  }
  const auto t = model::parse_type_name(word);
  if (!t || *t == PropertyType::Link || *t == PropertyType::LinkList)
    return "unknown type " + lex::quote(word) + " (" + std::string(kTypes) + ")";
  type = *t;
  target.clear();
  return std::nullopt;
}

std::string type_text(PropertyType t, const std::string& target) {
  if (t == PropertyType::Link) return "link<" + target + ">";
  if (t == PropertyType::LinkList) return "list<" + target + ">";
  return std::string(model::type_name(t));
}

/// `NAME:TYPE[:required][=DEFAULT]`; `allow_required` false where the change kind says it.
Err parse_property(std::string_view spec, bool allow_required, model::Property& out) {
  const std::string usage =
      allow_required ? "NAME:TYPE[:required][=DEFAULT]" : "NAME:TYPE[=DEFAULT]";
  const std::size_t eq = spec.find('=');
  std::string_view head = spec.substr(0, eq);
  out = model::Property{};
  if (eq != std::string_view::npos) out.default_value = std::string(spec.substr(eq + 1));
  const std::size_t colon = head.find(':');
  if (colon == std::string_view::npos)
    return "bad property " + lex::quote(spec) + " (expected " + usage + ")";
  if (Err e = check_name(head.substr(0, colon), "property name")) return e;
  out.name = std::string(head.substr(0, colon));
  std::string_view type = head.substr(colon + 1);
  const std::size_t flag = type.find(':');
  if (flag != std::string_view::npos) {
    if (!allow_required)
      return "bad property " + lex::quote(spec) + " (expected " + usage +
             ": the change kind says whether it is required)";
    if (type.substr(flag + 1) != "required")
      return "bad property " + lex::quote(spec) + " (expected " + usage + ")";
    out.required = true;
    type = type.substr(0, flag);
  }
  return parse_type(type, out.type, out.link_target);
}

/// `TYPE.NAME` -> its two names.
Err parse_target(std::string_view token, std::string& type, std::string& property) {
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos)
    return "bad target " + lex::quote(token) + " (expected TYPE.PROPERTY)";
  if (Err e = check_name(token.substr(0, dot), "object type name")) return e;
  if (Err e = check_name(token.substr(dot + 1), "property name")) return e;
  type = std::string(token.substr(0, dot));
  property = std::string(token.substr(dot + 1));
  return std::nullopt;
}

/// `TYPE.NAME:TYPE[=DEFAULT]` of add-optional-property / add-required-property.
Err parse_added(std::string_view token, bool required, model::SchemaChange& out) {
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos)
    return "bad target " + lex::quote(token) + " (expected TYPE.NAME:TYPE[=DEFAULT])";
  model::AddProperty add;
  if (Err e = check_name(token.substr(0, dot), "object type name")) return e;
  add.type = std::string(token.substr(0, dot));
  if (Err e = parse_property(token.substr(dot + 1), false, add.property)) return e;
  add.property.required = required;
  out = std::move(add);
  return std::nullopt;
}

/// The grammar of one change kind: its word (model::kind_name) and its arguments.
struct ChangeForm {
  model::ChangeKind kind;
  std::string_view args;     ///< for the usage message
  std::size_t min_args = 1;  ///< add-object-type takes its properties after the type
  std::size_t max_args = 1;
};

constexpr std::array<ChangeForm, model::kChangeKinds> kForms = {{
    {model::ChangeKind::AddObjectType, "TYPE [PROP...]", 1, SIZE_MAX},
    {model::ChangeKind::AddDefault, "TYPE.NAME VALUE", 2, 2},
    {model::ChangeKind::AddRequiredProperty, "TYPE.NAME:TYPE[=DEFAULT]", 1, 1},
    {model::ChangeKind::AddOptionalProperty, "TYPE.NAME:TYPE[=DEFAULT]", 1, 1},
    {model::ChangeKind::RemoveObjectType, "TYPE", 1, 1},
    {model::ChangeKind::RemoveProperty, "TYPE.NAME", 1, 1},
    {model::ChangeKind::RenameObjectType, "TYPE NEW_NAME", 2, 2},
    {model::ChangeKind::RenameProperty, "TYPE.NAME NEW_NAME", 2, 2},
    {model::ChangeKind::ChangePropertyType, "TYPE.NAME NEW_TYPE", 2, 2},
    {model::ChangeKind::ChangeRequired, "TYPE.NAME required|optional", 2, 2},
}};

const ChangeForm* find_form(std::string_view word) {
  for (const ChangeForm& f : kForms)
    if (model::kind_name(f.kind) == word) return &f;
  return nullptr;
}

std::string unknown_change(std::string_view word) {
  std::string known;
  for (const ChangeForm& f : kForms)
    known += (known.empty() ? "" : ", ") + std::string(model::kind_name(f.kind));
  return "unknown schema change " + lex::quote(word) + " (" + known + ")";
}

Err object_type(const Tokens& a, model::SchemaChange& out) {
  if (Err e = check_name(a[0], "object type name")) return e;
  model::AddObjectType add{model::ObjectType{std::string(a[0]), {}}};
  for (std::size_t i = 1; i < a.size(); ++i) {
    model::Property p;
    if (Err e = parse_property(a[i], true, p)) return e;
    add.type.properties.push_back(std::move(p));
  }
  out = std::move(add);
  return std::nullopt;
}

/// One change: `a` are its argument tokens (the kind word excluded).
Err parse_change(const ChangeForm& form, const Tokens& a, model::SchemaChange& out) {
  using K = model::ChangeKind;
  std::string type, property;
  switch (form.kind) {
    case K::AddObjectType:
      return object_type(a, out);
    case K::AddRequiredProperty:
    case K::AddOptionalProperty:
      return parse_added(a[0], form.kind == K::AddRequiredProperty, out);
    case K::RemoveObjectType:
      if (Err e = check_name(a[0], "object type name")) return e;
      out = model::RemoveObjectType{std::string(a[0])};
      return std::nullopt;
    case K::RenameObjectType:
      if (Err e = check_name(a[0], "object type name")) return e;
      if (Err e = check_name(a[1], "object type name")) return e;
      out = model::RenameObjectType{std::string(a[0]), std::string(a[1])};
      return std::nullopt;
    default:
      break;
  }
  if (Err e = parse_target(a[0], type, property)) return e;
  switch (form.kind) {
    case K::AddDefault:
      out = model::AddDefault{type, property, std::string(a[1])};
      return std::nullopt;
    case K::RemoveProperty:
      out = model::RemoveProperty{type, property};
      return std::nullopt;
    case K::RenameProperty:
      if (Err e = check_name(a[1], "property name")) return e;
      out = model::RenameProperty{type, property, std::string(a[1])};
      return std::nullopt;
    case K::ChangePropertyType: {
      model::ChangePropertyType c{type, property, PropertyType::String, ""};
      if (Err e = parse_type(a[1], c.new_type, c.link_target)) return e;
      out = std::move(c);
      return std::nullopt;
    }
    default:
      break;
  }
  if (a[1] != "required" && a[1] != "optional")
    return "expected 'required' or 'optional', got " + lex::quote(a[1]);
  out = model::ChangeRequired{type, property, a[1] == "required"};
  return std::nullopt;
}

Err parse_group(const Tokens& group, std::vector<model::SchemaChange>& out) {
  if (group.empty()) return std::string("empty change in the list (two commas, or one at the end)");
  const ChangeForm* form = find_form(group[0]);
  if (form == nullptr) return unknown_change(group[0]);
  const Tokens a(group.begin() + 1, group.end());
  if (a.size() < form->min_args || a.size() > form->max_args)
    return "expected '" + std::string(model::kind_name(form->kind)) + " " +
           std::string(form->args) + "'";
  model::SchemaChange c;
  if (Err e = parse_change(*form, a, c)) return e;
  out.push_back(std::move(c));
  return std::nullopt;
}

}  // namespace

Err parse_schema_line(const Tokens& t, SchemaLine& out) {
  constexpr std::string_view kUsage =
      "expected 'schema server TYPE PROP...' or 'schema app N TYPE PROP...'";
  std::size_t at = 2;
  out.app = 0;
  if (t.size() >= 3 && t[1] == "app") {
    std::int64_t app = 0;
    if (t.size() < 4) return std::string(kUsage);
    if (Err e = lex::parse_int(t[2], "app version", 1, UINT32_MAX, app)) return e;
    out.app = static_cast<std::uint32_t>(app);
    at = 3;
  } else if (t.size() < 3 || t[1] != "server") {
    return std::string(kUsage);
  }
  if (Err e = check_name(t[at], "object type name")) return e;
  out.type = model::ObjectType{std::string(t[at]), {}};
  for (std::size_t i = at + 1; i < t.size(); ++i) {
    model::Property p;
    if (Err e = parse_property(t[i], true, p)) return e;
    out.type.properties.push_back(std::move(p));
  }
  return std::nullopt;
}

Err parse_field(std::string_view field, model::Property& out) {
  if (Err e = parse_property(field, true, out)) return e;
  // A field has no default: `=` in it was never valid (lex::is_field_spec).
  if (out.default_value)
    return "bad field " + lex::quote(field) + " (expected NAME:TYPE[:required])";
  return std::nullopt;
}

Err parse_shorthand_change(std::string_view field, model::SchemaChange& out) {
  model::AddProperty add{"Note", {}};
  if (Err e = parse_field(field, add.property)) return e;
  out = std::move(add);
  return std::nullopt;
}

Err parse_deploy(const Tokens& args, std::string_view usage, WorkloadLine& w) {
  const std::string expected = "expected '" + std::string(usage) + "'";
  if (!args.empty() && (args[0] == "additive" || args[0] == "breaking")) {
    // The shorthands keep their old syntax check and message first.
    if (args.size() != 2) return expected;
    if (!lex::is_field_spec(args[1]))
      return "bad field " + lex::quote(args[1]) + " (expected NAME:TYPE or NAME:TYPE:required)";
    w.breaking = args[0] == "breaking";
    w.changes.resize(1);
    return parse_shorthand_change(args[1], w.changes[0]);
  }
  if (args.empty()) return expected;
  if (find_form(args[0]) == nullptr) return expected + ", got " + unknown_change(args[0]);
  if (Err e = parse_change_list(args, w.changes)) return e;
  w.change_list = true;
  return std::nullopt;
}

Err parse_change_list(const Tokens& args, std::vector<model::SchemaChange>& out) {
  out.clear();
  Tokens group;
  for (std::string_view token : args) {
    const bool ends = !token.empty() && token.back() == ',';
    if (ends) token.remove_suffix(1);
    if (!token.empty()) group.push_back(token);
    if (!ends) continue;
    if (Err e = parse_group(group, out)) return e;
    group.clear();
  }
  return parse_group(group, out);
}

std::string property_text(const model::Property& p) {
  std::string s = p.name + ":" + type_text(p.type, p.link_target);
  if (p.required) s += ":required";
  if (p.default_value) s += "=" + *p.default_value;
  return s;
}

std::string change_text(const model::SchemaChange& c) {
  std::string s(model::kind_name(model::kind_of(c)));
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, model::AddObjectType>) {
          s += " " + x.type.name;
          for (const auto& p : x.type.properties) s += " " + property_text(p);
        } else if constexpr (std::is_same_v<T, model::AddProperty>) {
          model::Property p = x.property;
          p.required = false;  // the kind says it
          s += " " + x.type + "." + property_text(p);
        } else if constexpr (std::is_same_v<T, model::AddDefault>) {
          s += " " + x.type + "." + x.property + " " + x.value;
        } else if constexpr (std::is_same_v<T, model::RemoveObjectType>) {
          s += " " + x.type;
        } else if constexpr (std::is_same_v<T, model::RenameObjectType>) {
          s += " " + x.type + " " + x.new_name;
        } else if constexpr (std::is_same_v<T, model::RemoveProperty>) {
          s += " " + x.type + "." + x.property;
        } else if constexpr (std::is_same_v<T, model::RenameProperty>) {
          s += " " + x.type + "." + x.property + " " + x.new_name;
        } else if constexpr (std::is_same_v<T, model::ChangePropertyType>) {
          s += " " + x.type + "." + x.property + " " + type_text(x.new_type, x.link_target);
        } else {
          s += " " + x.type + "." + x.property + (x.required ? " required" : " optional");
        }
      },
      c);
  return s;
}

std::string change_list_text(const std::vector<model::SchemaChange>& changes) {
  std::string s;
  for (const auto& c : changes) s += (s.empty() ? "" : ", ") + change_text(c);
  return s;
}

std::string deploy_text(const WorkloadLine& w) {
  if (w.kind != WorkKind::Deploy) return {};
  if (w.change_list) return change_list_text(w.changes);
  // A shorthand: its one add-property on Note (parse_deploy).
  const auto* add =
      w.changes.size() == 1 ? std::get_if<model::AddProperty>(&w.changes[0]) : nullptr;
  return add != nullptr ? property_text(add->property) : std::string();
}

std::string schema_line_text(const SchemaLine& l) {
  std::string s = l.app == 0 ? "schema server " : "schema app " + std::to_string(l.app) + " ";
  s += l.type.name;
  for (const auto& p : l.type.properties) s += " " + property_text(p);
  return s;
}

}  // namespace syncsim
