#pragma once
/// \file panel/builder.hpp
/// Building a panel in code, by name, with every value checked as it is added: the way to feed the
/// checker from a database or a form instead of CSV files (docs/cpp-api.md).
///
/// \code
///   descheck::panel_builder b(rules);
///   b.add_network("U00001", "Riverside PCN", "London")
///       .set_driver("U00001", "registered_patients", 44'000)
///       .add_post("U00001", "clinical_pharmacist", 2.0)
///       .add_post("U00001", "social_prescribing_link_worker", 1.0, *descheck::parse_date("2021-04-01"));
///   const descheck::panel networks = b.build();
///   descheck::checker check(rules, networks);
///   const descheck::check_result& r = check.run(networks.require_network("U00001"), at);
/// \endcode
///
/// Each call throws input_error with the code the CSV loader gives the same mistake, so that a
/// misspelt role fails where it is written: DC030 unknown role and DC031 unknown driver (with a
/// "did you mean"), DC046 an empty id, DC047 an unknown network, DC048 a network id twice, DC044 a
/// WTE or driver value that is not finite, DC045 a negative one, DC022 one over its bound
/// (core/limits.hpp) or a post that ends before it starts, DC130 and DC131 coverage windows out of
/// order or overlapping, DC110 to DC112 for pools. The object is unchanged when a call throws.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/pools/pools.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// Builds a panel (and its pools) for one rule set, which must outlive the builder.
class panel_builder {
 public:
  explicit panel_builder(const rule_set& rules);
  ~panel_builder();
  panel_builder(panel_builder&&) noexcept;
  panel_builder& operator=(panel_builder&&) noexcept;
  panel_builder(const panel_builder&) = delete;
  panel_builder& operator=(const panel_builder&) = delete;

  /// Adds a network; networks keep the order they are added in (their index in panel::networks).
  panel_builder& add_network(std::string_view id, std::string_view name = {}, std::string_view region = {});

  /// Sets a driver of a network (e.g. `registered_patients`) to `value` from `from` on, until a later
  /// value of the same driver; setting it again from the same date replaces the value. Undefined
  /// before its first value, where the driver's default estimate applies (SPEC section 3).
  panel_builder& set_driver(std::string_view network_id, std::string_view driver, double value,
                            date from = date::min());

  /// Adds `wte` of `role` in post at a network, or shared by a pool (an id given to add_pool), from
  /// `start` to `end` inclusive.
  panel_builder& add_post(std::string_view network_id, std::string_view role, double wte, date start = date::min(),
                          date end = date::max(), funding_kind funding = funding_kind::core);

  /// Adds a window, both ends inclusive, in which a network's staff are known. Once any network has
  /// a window, a network without one is covered on no date (as with a coverage file).
  panel_builder& add_coverage(std::string_view network_id, date from, date to = date::max());

  /// Adds a pool of shared staff over networks already added; give its staff with add_post(pool id).
  panel_builder& add_pool(std::string_view id, const std::vector<std::string>& member_ids);

  /// The panel, validated as validate_panel() does; the builder is left empty. Throws input_error
  /// (DC150) when pools were added: they need build_pooled().
  [[nodiscard]] panel build();
  /// The panel and its pools; the builder is left empty.
  [[nodiscard]] pooled_panel build_pooled();

 private:
  struct state;
  const rule_set* rules_;
  std::unique_ptr<state> s_;
};

}  // namespace descheck
