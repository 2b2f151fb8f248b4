// Loads a rule set through the installed library; fails loudly if anything is off.
#include <descheck/descheck.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  try {
    const descheck::rule_set rules = descheck::load_rule_set(argv[1]);
    if (rules.flat.empty()) return 1;
    std::cout << "consumer: loaded " << rules.id << " with " << rules.flat.size() << " requirements\n";
    return 0;
  } catch (const descheck::error& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
}
