#pragma once
// The allocation solver of SPEC 4.4: staff capacity flows from roles to requirements; within each
// priority the delivered vector is the lexicographically max-min fair one (coverage x_r / D_r).
//
// Quantities are integer "ticks" (milliseconds of work a week) so the max-flow is exact.
// Max-flow is Dinic's algorithm on flat arrays that are reused between solves: after the first
// solve of a given size a solve allocates nothing. (Boost.Graph's max-flow algorithms allocate
// their working queues and lists on every call; the tests cross-check this solver against Boost's
// push-relabel and Boykov-Kolmogorov max-flows.)

#include <cstdint>
#include <limits>
#include <vector>

namespace descheck::detail {

using ticks = std::int64_t;
inline constexpr double ticks_per_hour = 3'600'000.0;
inline constexpr ticks unlimited = std::numeric_limits<ticks>::max() / 8;

/// Converts hours to ticks, rounding to the nearest tick; negative and non-finite become 0.
ticks to_ticks(double hours) noexcept;

class solver {
 public:
  /// Starts a new problem with `roles` role slots and no requirements.
  void reset(std::uint32_t roles);
  /// Capacity of a role slot.
  void set_capacity(std::uint32_t role, ticks capacity) noexcept;
  /// Appends a role slot with `capacity`; returns its index. A slot with capacity 0 fed by
  /// add_link() is a relay: it lets several slots share one max_share cap (the pooled check).
  std::uint32_t add_role(ticks capacity);
  /// Lets role slot `from` pass any amount of its capacity on to role slot `to`.
  void add_link(std::uint32_t from, std::uint32_t to);
  /// Adds a requirement; returns its slot (0, 1, ... in call order).
  std::uint32_t add_requirement(int priority, ticks demand);
  /// Lets `role` deliver up to `cap` of requirement `req` (unlimited when no max_share).
  void add_edge(std::uint32_t role, std::uint32_t req, ticks cap);

  /// Computes the allocation. Afterwards delivered(), flow() and bottleneck() answer.
  void solve();

  [[nodiscard]] std::uint32_t requirement_count() const noexcept { return static_cast<std::uint32_t>(demand_.size()); }
  [[nodiscard]] ticks delivered(std::uint32_t req) const noexcept { return delivered_[req]; }
  [[nodiscard]] ticks used(std::uint32_t role) const noexcept;
  /// Number of role-to-requirement edges, and the role, requirement and flow of edge i.
  [[nodiscard]] std::uint32_t edge_count() const noexcept { return static_cast<std::uint32_t>(pair_edges_.size()); }
  struct edge_flow {
    std::uint32_t role;
    std::uint32_t req;
    ticks flow;
  };
  [[nodiscard]] edge_flow flow(std::uint32_t i) const noexcept;
  /// Flow on the i-th add_link() relay, in call order.
  [[nodiscard]] ticks link_flow(std::uint32_t i) const noexcept {
    const edge& a = edges_[link_edges_[i]];
    return a.cap - a.residual;
  }

  /// The bottleneck group of a short requirement: requirements and roles that can reach it in the
  /// residual graph of the final flow. `outside_flow` receives, per group requirement, the flow it
  /// gets from roles outside the group.
  void bottleneck(std::uint32_t req, std::vector<std::uint32_t>& reqs, std::vector<std::uint32_t>& roles,
                  std::vector<ticks>& outside_flow);

 private:
  struct edge {
    std::uint32_t to;
    std::uint32_t rev;  // the reverse arc
    ticks residual;
    ticks cap;
  };
  static constexpr std::uint32_t npos = 0xFFFF'FFFFu;
  static constexpr std::uint32_t source = 0;
  static constexpr std::uint32_t sink = 1;

  [[nodiscard]] std::uint32_t role_node(std::uint32_t role) const noexcept { return 2 + role; }
  [[nodiscard]] std::uint32_t req_node(std::uint32_t req) const noexcept { return 2 + roles_ + req; }
  template <class Visit>
  void for_each_arc(Visit&& visit) const;
  void build_graph();
  [[nodiscard]] bool same_shape() const noexcept;
  void refresh_capacities();
  ticks max_flow();  // from zero flow
  ticks augment();   // from the current flow
  bool levels();
  ticks blocking_flow();
  void reach_from_source();
  void solve_priority(int priority);

  std::uint32_t roles_ = 0;
  std::vector<ticks> capacity_;
  std::vector<ticks> demand_;
  std::vector<int> priority_;
  struct pair_spec {
    std::uint32_t role;
    std::uint32_t req;
    ticks cap;
  };
  std::vector<pair_spec> pair_specs_;
  std::vector<pair_spec> link_specs_;  // role -> role relays (req = target role)

  // Graph (rebuilt per solve into reused storage). The arcs out of node u are edges_[first_[u]] ..
  // edges_[first_[u + 1] - 1], newest first; forward_ holds the forward arcs in order of creation.
  std::vector<edge> edges_;
  std::vector<edge> zero_flow_;  // edges_ as built: no flow, requirement-to-sink capacities 0
  std::vector<std::uint32_t> first_;
  std::vector<std::uint32_t> forward_;
  std::vector<std::uint32_t> role_edges_;  // edge index of each source->role arc
  // The arcs the graph was last built for (capacities aside).
  std::uint32_t built_roles_ = npos;
  std::uint32_t built_reqs_ = npos;
  std::vector<pair_spec> built_links_;
  std::vector<pair_spec> built_pairs_;
  std::vector<std::uint32_t> pair_edges_;  // edge index of each role->req arc
  std::vector<std::uint32_t> sink_edges_;  // edge index of each req->sink arc
  std::vector<std::uint32_t> link_edges_;  // edge index of each relay arc
  // Dinic scratch.
  std::vector<int> level_;
  std::vector<std::uint32_t> cursor_;
  std::vector<std::uint32_t> queue_;
  std::vector<std::uint32_t> path_;  // arcs of the path being searched
  std::vector<char> seen_;
  // The flow left by the last max_flow() and the sink capacities it ran with: max_flow() from zero
  // is a function of those capacities alone (nothing else changes within a solve), so a repeat
  // with the same ones keeps the flow it has.
  std::vector<ticks> flow_sink_caps_;
  ticks flow_value_ = 0;
  bool flow_known_ = false;
  // Allocation state.
  std::vector<ticks> delivered_;
  std::vector<char> fixed_;        // requirement's x is final
  std::vector<char> active_;       // requirement takes part in the current priority's filling
  std::vector<char> cut_blocked_;  // sink side of the last cut that bounded lambda
  std::vector<std::uint32_t> order_;
};

}  // namespace descheck::detail
