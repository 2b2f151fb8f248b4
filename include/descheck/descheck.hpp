#pragma once
/// \file descheck.hpp
/// Everything public, for callers who do not mind the compile time.

#include "descheck/check/check.hpp"
#include "descheck/check/explain.hpp"
#include "descheck/core/date.hpp"
#include "descheck/core/error.hpp"
#include "descheck/funding/funding.hpp"
#include "descheck/import/import.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/plan/plan.hpp"
#include "descheck/plan/supply.hpp"
#include "descheck/pools/pools.hpp"
#include "descheck/report/claim.hpp"
#include "descheck/report/doc.hpp"
#include "descheck/report/report.hpp"
#include "descheck/report/workforce.hpp"
#include "descheck/rules/rules.hpp"
#include "descheck/rules/schedule.hpp"
#include "descheck/scenario/diff.hpp"
#include "descheck/scenario/scenario.hpp"
#include "descheck/synthetic/synthetic.hpp"
#include "descheck/time/series.hpp"
