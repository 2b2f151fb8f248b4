// Files in and out of the `descheck` command: standard input and output, FIFOs and process
// substitution, devices, outputs that are inputs, symbolic links, modes, full disks, unwritable
// folders, signals, broken pipes, and service files that cannot be read.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "cli_runner.hpp"
#include "descheck/io/file.hpp"

namespace {

namespace fs = std::filesystem;
using cli_runner::slurp;
const fs::path source = DESCHECK_SOURCE_DIR;
const std::string cli = DESCHECK_CLI;
const std::string rules = (source / "specs" / "des-england").string();
const std::string networks = (source / "examples" / "networks.csv").string();
const std::string staff = (source / "examples" / "staff.csv").string();

struct result {
  int status;
  std::string out;
  std::string err;
};

// Runs a bash command line (pipes, <(...), redirections), capturing its output and error.
result shell(const std::string& line, const fs::path& dir) {
  const fs::path script = dir / "cmd.sh";
  std::ofstream(script) << line << '\n';
  const std::string cmd =
      "bash " + script.string() + " >" + (dir / "out").string() + " 2>" + (dir / "err").string() + " </dev/null";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out"), slurp(dir / "err")};
}

fs::path fresh(const std::string& name) {
  const fs::path dir = cli_runner::scratch("descheck-files-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string check_with(const std::string& staff_arg) {
  return cli + " check --rules " + rules + " --networks " + networks + " --staff " + staff_arg + " --at 2021-06-01";
}

TEST(Files, DashAndProcessSubstitutionAndDevStdinAreRead) {
  const fs::path dir = fresh("stdin");
  const result file = shell(check_with(staff), dir);
  ASSERT_EQ(file.status, 0) << file.err;
  for (const std::string& way : {check_with("-") + " < " + staff, check_with("/dev/stdin") + " < " + staff,
                                 check_with("<(cat " + staff + ")"), "cat " + staff + " | " + check_with("-")}) {
    const result r = shell(way, dir);
    EXPECT_EQ(r.status, 0) << way << "\n" << r.err;
    EXPECT_EQ(r.out, file.out) << way;
  }
}

TEST(Files, TwoInputsCannotBothBeStandardInput) {
  const fs::path dir = fresh("stdin2");
  const result r =
      shell(cli + " check --rules " + rules + " --networks - --staff - --at 2021-06-01 < " + staff, dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("both read standard input"), std::string::npos) << r.err;
}

TEST(Files, OutputDashIsStandardOutputNotAFileCalledDash) {
  const fs::path dir = fresh("dash");
  const result r = shell("cd " + dir.string() + " && " + check_with(staff) + " --output -", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("scenario,network_id,")) << r.out;
  EXPECT_FALSE(fs::exists(dir / "-"));
}

TEST(Files, OutputIntoAFifoStreamsAndLeavesTheFifo) {
  const fs::path dir = fresh("fifo");
  const fs::path fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const result r = shell("cat " + fifo.string() + " > " + (dir / "got").string() + " & " + check_with(staff) +
                             " --output " + fifo.string() + "; s=$?; wait; exit $s",
                         dir);
  EXPECT_EQ(r.status, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced";
  EXPECT_TRUE(slurp(dir / "got").starts_with("scenario,network_id,"));
}

TEST(Files, OutputToDevStdoutStreamsAndKeepsTheNode) {
  const fs::path dir = fresh("devstdout");
  struct stat before {};
  ASSERT_EQ(::lstat("/dev/stdout", &before), 0);
  const result r = shell(check_with(staff) + " --output /dev/stdout | cat", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("scenario,network_id,"));
  struct stat after {};
  ASSERT_EQ(::lstat("/dev/stdout", &after), 0);
  EXPECT_EQ(before.st_mode, after.st_mode);
  EXPECT_EQ(before.st_ino, after.st_ino);
}

TEST(Files, OutputThatIsAnInputIsRefusedBeforeAnythingIsWritten) {
  const fs::path dir = fresh("same");
  fs::copy_file(staff, dir / "staff.csv");
  fs::create_symlink(dir / "staff.csv", dir / "link.csv");
  fs::create_hard_link(dir / "staff.csv", dir / "hard.csv");
  fs::copy(rules, dir / "rules", fs::copy_options::recursive);
  const std::string original = slurp(dir / "staff.csv");
  const std::string ruleset = slurp(dir / "rules" / "ruleset.yaml");
  const std::string base = cli + " check --rules " + (dir / "rules").string() + " --networks " + networks +
                           " --at 2021-06-01 --staff ";
  for (const std::string& args :
       {base + (dir / "staff.csv").string() + " --output " + (dir / "staff.csv").string(),
        base + (dir / "link.csv").string() + " --output " + (dir / "staff.csv").string(),
        base + (dir / "staff.csv").string() + " --output " + (dir / "link.csv").string(),
        base + (dir / "staff.csv").string() + " --output " + (dir / "hard.csv").string(),
        base + (dir / "staff.csv").string() + " --output " + (dir / "rules" / "ruleset.yaml").string()}) {
    const result r = shell(args, dir);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_NE(r.err.find("is the same file as the input"), std::string::npos) << r.err;
  }
  EXPECT_EQ(slurp(dir / "staff.csv"), original);
  EXPECT_EQ(slurp(dir / "rules" / "ruleset.yaml"), ruleset);
  EXPECT_TRUE(fs::is_symlink(dir / "link.csv"));
}

TEST(Files, OutputThroughASymlinkWritesItsTargetAndKeepsTheMode) {
  const fs::path dir = fresh("symlink");
  std::ofstream(dir / "target.csv") << "old\n";
  ASSERT_EQ(::chmod((dir / "target.csv").c_str(), 0640), 0);
  fs::create_symlink("target.csv", dir / "link.csv");
  const result r = shell(check_with(staff) + " --output " + (dir / "link.csv").string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir / "link.csv"));
  EXPECT_TRUE(slurp(dir / "target.csv").starts_with("scenario,network_id,"));
  struct stat st {};
  ASSERT_EQ(::stat((dir / "target.csv").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << "left behind: " << e.path();
}

TEST(Files, DiskFullIsAClearErrorWithExitTwo) {
  const fs::path dir = fresh("full");
  const result r = shell(check_with(staff) + " --output /dev/full", dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/dev/full:1:1: error[DC001]: cannot write: No space left on device"), std::string::npos)
      << r.err;
}

TEST(Files, UnwritableFolderIsAClearErrorWithExitTwo) {
  // /proc refuses new files even to root, so this holds whoever runs the tests.
  const fs::path dir = fresh("unwritable");
  const result r = shell(check_with(staff) + " --output /proc/descheck-test-output.csv", dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("error[DC001]: cannot create a file in /proc"), std::string::npos) << r.err;
}

TEST(Files, AFileNameAtNameMaxStillGetsATemporaryFile) {
  const fs::path dir = fresh("namemax");
  const std::string name = std::string(251, 'n') + ".csv";  // 255 bytes: NAME_MAX
  const result r = shell(check_with(staff) + " --output " + (dir / name).string(), dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(slurp(dir / name).starts_with("scenario,network_id,"));
}

TEST(Files, BrokenPipeEndsQuietly) {
  const fs::path dir = fresh("pipe");
  const result r = shell(cli + " series --rules " + rules + " --networks " + networks + " --staff " + staff +
                             " --format csv | head -3",
                         dir);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3);
}

// A panel big enough that a series over it takes a while to write.
fs::path large_panel(const fs::path& dir) {
  const result r = shell(cli + " panel --synthetic --rules " + rules + " --output-dir " + dir.string() +
                             " --networks 3000",
                         dir);
  EXPECT_EQ(r.status, 0) << r.err;
  return dir;
}

// Starts a series into `out`, waits for its temporary file, sends `signal`, and returns what it left.
void interrupt_series(const fs::path& dir, const fs::path& out, const std::string& signal) {
  const std::string series = cli + " series --rules " + rules + " --networks " + (dir / "networks.csv").string() +
                             " --staff " + (dir / "staff.csv").string() + " --output " + out.string();
  const result r = shell("set -m\n" + series + " & pid=$!\n"
                                  "for i in $(seq 1 2000); do ls -a " +
                             dir.string() +
                             " | grep -q '^\\.out\\.csv\\.tmp-' && break; sleep 0.005; done\n"
                             "kill -" +
                             signal + " $pid; wait $pid; echo \"status $?\"",
                         dir);
  EXPECT_NE(r.out.find("status 1"), std::string::npos) << "killed by the signal: " << r.out << r.err;
}

TEST(Files, SigkillDuringALargeSeriesLeavesThePreviousFileUntouched) {
  const fs::path dir = large_panel(fresh("sigkill"));
  std::ofstream(dir / "out.csv") << "previous\n";
  interrupt_series(dir, dir / "out.csv", "KILL");
  EXPECT_EQ(slurp(dir / "out.csv"), "previous\n");
}

TEST(Files, SigtermAndSigintRemoveTheTemporaryFile) {
  for (const std::string signal : {"TERM", "INT", "HUP"}) {
    const fs::path dir = large_panel(fresh("sigterm"));
    std::ofstream(dir / "out.csv") << "previous\n";
    interrupt_series(dir, dir / "out.csv", signal);
    EXPECT_EQ(slurp(dir / "out.csv"), "previous\n") << signal;
    for (const auto& e : fs::directory_iterator(dir))
      EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << signal << " left " << e.path();
  }
}

TEST(Files, SameFileComparesDeviceAndInode) {
  const fs::path dir = fresh("samefile");
  std::ofstream(dir / "a") << "x";
  fs::create_hard_link(dir / "a", dir / "b");
  fs::create_symlink(dir / "a", dir / "c");
  std::ofstream(dir / "d") << "x";
  EXPECT_TRUE(descheck::same_file(dir / "a", dir / "b"));
  EXPECT_TRUE(descheck::same_file(dir / "a", dir / "c"));
  EXPECT_FALSE(descheck::same_file(dir / "a", dir / "d"));
  EXPECT_FALSE(descheck::same_file(dir / "a", dir / "missing"));
}

// A copy of the shipped rule set whose services/ holds one more entry made by `make`.
result validate_with(const std::string& name, const std::function<void(const fs::path&)>& make) {
  const fs::path dir = fresh("services-" + name);
  fs::copy(rules, dir / "rules", fs::copy_options::recursive);
  make(dir / "rules" / "services");
  return shell(cli + " validate " + (dir / "rules").string(), dir);
}

TEST(Files, AServiceFileThatCannotBeReadIsAnErrorNotASkip) {
  struct kase {
    std::string name;
    std::function<void(const fs::path&)> make;
    std::string message;
  };
  const std::vector<kase> cases = {
      {"dangling", [](const fs::path& s) { fs::create_symlink(s / "nowhere.yaml", s / "x.yaml"); },
       "symbolic link to a missing file"},
      {"loop", [](const fs::path& s) { fs::create_symlink(s / "x.yaml", s / "x.yaml"); },
       "too many levels of symbolic links"},
      {"fifo", [](const fs::path& s) { ::mkfifo((s / "x.yaml").c_str(), 0600); }, "a FIFO (named pipe)"},
      {"devzero", [](const fs::path& s) { fs::create_symlink("/dev/zero", s / "x.yaml"); }, "a device"},
      {"folder", [](const fs::path& s) { fs::create_directory(s / "x.yaml"); }, "a folder named like a service"},
  };
  for (const kase& c : cases) {
    const result r = validate_with(c.name, c.make);
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.out;
    EXPECT_NE(r.err.find("x.yaml:1:1: error[DC001]"), std::string::npos) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.name << ": " << r.err;
  }
}

TEST(Files, ASymlinkLoopAsAnInputSaysSo) {
  const fs::path dir = fresh("loop");
  fs::create_symlink(dir / "staff.csv", dir / "staff.csv");
  const result r = shell(check_with((dir / "staff.csv").string()), dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("too many levels of symbolic links"), std::string::npos) << r.err;
}

TEST(Files, Utf16IsCalledUtf16) {
  const fs::path dir = fresh("utf16");
  std::string text = "\xFF\xFE";
  for (const char c : slurp(staff)) {
    text += c;
    text += '\0';
  }
  std::ofstream(dir / "staff.csv", std::ios::binary) << text;
  const result r = shell(check_with((dir / "staff.csv").string()), dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("error[DC004]: the file is UTF-16"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Windows-1252"), std::string::npos) << r.err;
}

}  // namespace
