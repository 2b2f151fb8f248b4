// Result rows (SPEC 7) as CSV, JSON or an aligned table.
#include "descheck/report/report.hpp"

#include <algorithm>
#include <charconv>
#include <ostream>

#include "io/text.hpp"

namespace descheck {

std::string_view csv_header(row_kind kind) noexcept {
  switch (kind) {
    case row_kind::requirements:
      return "scenario,network_id,date,service,requirement,kind,priority,demand,delivered,coverage,shortfall,status";
    case row_kind::networks:
      return "scenario,network_id,date,state,active,unmet,demand_hours,delivered_hours,shortfall_hours";
    case row_kind::requirement_intervals:
      return "scenario,network_id,from,to,service,requirement,kind,priority,demand,delivered,coverage,shortfall,"
             "status";
    case row_kind::network_intervals:
      return "scenario,network_id,from,to,state,active,unmet,demand_hours,delivered_hours,shortfall_hours";
    case row_kind::earliest:
      break;
  }
  return "scenario,network_id,service,status,in_force_from,earliest";
}

std::vector<column> result_columns(row_kind kind) {
  static constexpr std::string_view integers[] = {"priority", "active", "unmet"};
  static constexpr std::string_view numbers[] = {"demand",       "delivered",       "coverage",       "shortfall",
                                                 "demand_hours", "delivered_hours", "shortfall_hours"};
  static constexpr std::string_view dates[] = {"date", "from", "to", "in_force_from", "earliest"};
  std::vector<column> out;
  const std::string_view header = csv_header(kind);
  for (std::size_t start = 0;;) {
    const std::size_t comma = header.find(',', start);
    const std::string_view name = header.substr(start, comma == std::string_view::npos ? comma : comma - start);
    const auto in = [&](const auto& list) {
      return std::find(std::begin(list), std::end(list), name) != std::end(list);
    };
    column c{std::string(name)};
    if (in(integers)) c.type = column_type::integer;
    if (in(numbers)) c = {std::string(name), column_type::number, 4, 2};
    if (in(dates)) c.type = column_type::date;
    out.push_back(std::move(c));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// Text cells repeated on every row (ids, names, statuses) are encoded once for the format: the
// national series writes millions of rows from a few thousand distinct strings.
struct row_writer::impl {
  table_writer writer;
  const rule_set& rules;
  const panel& networks;
  row_kind kind;
  std::string scenario;                       // encoded
  std::vector<std::string> network_ids;       // encoded, by network
  std::vector<std::string> requirement_text;  // encoded service..priority, by flat index
  std::vector<std::string> services;          // encoded, by service
  std::string statuses[4];                    // encoded requirement_status / network_state / earliest_status
  std::string states[4];
  std::string earliest[4];
  std::string scratch;  // reused by add()

  impl(std::ostream& out, const rule_set& r, const panel& p, row_kind k, table_format format)
      : writer(out, result_columns(k), format), rules(r), networks(p), kind(k) {
    network_ids.reserve(p.networks.size());
    for (const network& n : p.networks) network_ids.push_back(writer.encode_text(n.id));
    for (const service& svc : r.services) services.push_back(writer.encode_text(svc.id));
    const bool requirement_rows = k == row_kind::requirements || k == row_kind::requirement_intervals;
    for (const requirement_ref& ref : r.flat) {
      if (!requirement_rows) break;
      const service& svc = r.services[ref.service];
      const requirement& req = svc.requirements[ref.requirement];
      const auto cells = [&](table_row& row) {
        row.text(svc.id);
        row.text(req.id);
        row.text(to_string(req.kind));
        row.integer(req.priority);
      };
      // After scenario, network_id and date (and `to` for intervals).
      requirement_text.push_back(writer.encode_cells(k == row_kind::requirements ? 3 : 4, cells));
    }
    for (int i = 0; i < 3; ++i) statuses[i] = writer.encode_text(to_string(static_cast<requirement_status>(i)));
    for (int i = 0; i < 4; ++i) states[i] = writer.encode_text(to_string(static_cast<network_state>(i)));
    for (int i = 0; i < 4; ++i) earliest[i] = writer.encode_text(to_string(static_cast<earliest_status>(i)));
  }

  void requirement_cells(std::string& out, const requirement_row& r, bool interval) const {
    table_row row(out, writer);
    row.encoded(scenario);
    row.encoded(network_ids[r.network]);
    row.day(r.from);
    if (interval) row.day(r.to);
    row.encoded_cells(requirement_text[r.requirement], 4);
    row.number(r.demand);
    row.number(r.delivered);
    row.number(r.coverage());
    row.number(r.shortfall());
    row.encoded(statuses[static_cast<int>(r.status)]);
  }

  void network_cells(std::string& out, const network_row& r, bool interval) const {
    table_row row(out, writer);
    row.encoded(scenario);
    row.encoded(network_ids[r.network]);
    row.day(r.from);
    if (interval) row.day(r.to);
    row.encoded(states[static_cast<int>(r.state)]);
    row.integer(r.active);
    row.integer(r.unmet);
    row.number(r.demand_hours);
    row.number(r.delivered_hours);
    row.number(r.shortfall_hours());
  }

  void earliest_cells(std::string& out, const earliest_row& r) const {
    table_row row(out, writer);
    row.encoded(scenario);
    row.encoded(network_ids[r.network]);
    row.encoded(services[r.service]);
    row.encoded(earliest[static_cast<int>(r.status)]);
    if (r.status == earliest_status::not_in_force) {
      row.missing();
    } else {
      row.day(r.in_force_from);
    }
    if (r.status == earliest_status::compliant || r.status == earliest_status::compliant_from) {
      row.day(r.earliest);
    } else {
      row.missing();
    }
  }
};

row_writer::row_writer(std::ostream& out, const rule_set& rules, const panel& networks, row_kind kind,
                       table_format format, const std::string& scenario)
    : impl_(std::make_unique<impl>(out, rules, networks, kind, format)) {
  set_scenario(scenario.empty() ? rules.scenario_id : scenario);
}

row_writer::~row_writer() = default;

void row_writer::set_scenario(const std::string& scenario) { impl_->scenario = impl_->writer.encode_text(scenario); }

void row_writer::format(const result_block& block, std::string& text) const {
  const impl& w = *impl_;
  switch (w.kind) {
    case row_kind::requirements:
    case row_kind::requirement_intervals:
      for (const requirement_row& r : block.requirements)
        w.requirement_cells(text, r, w.kind == row_kind::requirement_intervals);
      break;
    case row_kind::networks:
    case row_kind::network_intervals:
      for (const network_row& r : block.networks) w.network_cells(text, r, w.kind == row_kind::network_intervals);
      break;
    case row_kind::earliest:
      for (const earliest_row& r : block.earliest) w.earliest_cells(text, r);
      break;
  }
}

void row_writer::write(std::string_view text) { impl_->writer.write(text); }

void row_writer::add(const result_block& block) {
  impl_->scratch.clear();
  format(block, impl_->scratch);
  write(impl_->scratch);
}

void row_writer::add(const check_result& result) {
  result_block block;
  block.first_network = result.network;
  block.last_network = result.network + 1;
  block.networks.push_back({result.network, result.at, result.at, result.state, result.active, result.unmet,
                            result.demand_hours, result.delivered_hours});
  for (const requirement_result& r : result.requirements)
    block.requirements.push_back(
        {result.network, result.at, result.at, r.requirement, r.demand, r.delivered, r.status});
  add(block);
}

void row_writer::finish() { impl_->writer.finish(); }

}  // namespace descheck
