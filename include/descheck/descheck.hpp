#pragma once
/// \file descheck.hpp
/// Everything public, for callers who do not mind the compile time.

#include "descheck/check.hpp"
#include "descheck/claim.hpp"
#include "descheck/date.hpp"
#include "descheck/diff.hpp"
#include "descheck/doc.hpp"
#include "descheck/error.hpp"
#include "descheck/explain.hpp"
#include "descheck/funding.hpp"
#include "descheck/import.hpp"
#include "descheck/panel.hpp"
#include "descheck/plan.hpp"
#include "descheck/supply.hpp"
#include "descheck/pools.hpp"
#include "descheck/report.hpp"
#include "descheck/rules.hpp"
#include "descheck/scenario.hpp"
#include "descheck/schedule.hpp"
#include "descheck/series.hpp"
#include "descheck/synthetic.hpp"
#include "descheck/workforce.hpp"
