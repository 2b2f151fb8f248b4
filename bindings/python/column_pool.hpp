// Recycled memory for the columns of result tables.
//
// A national series returns tens of megabytes of columns. Fresh memory costs a page fault per 4 KiB
// page on first touch, which on a virtual machine costs as much as the evaluation itself; memory
// that a freed table gave back to the pool is already mapped. Large buffers are rounded up to a
// size class (at most 1/8 more), so a repeated run of similar size reuses the same buffers. The
// pool holds at most `idle_limit` bytes; beyond it the oldest buffers go back to the system.
#pragma once

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <new>
#include <vector>

namespace descheck::python {

class column_pool {
 public:
  static constexpr std::size_t pooled_from = std::size_t{1} << 20;  // smaller buffers use plain new
  static constexpr std::size_t idle_limit = std::size_t{256} << 20;

  static column_pool& instance() {
    static column_pool* pool = new column_pool;  // never destroyed: capsules may outlive static teardown
    return *pool;
  }

  // The size actually allocated for a request of `bytes`.
  static std::size_t size_class(std::size_t bytes) {
    if (bytes < pooled_from) return bytes;
    std::size_t top = pooled_from;
    while (top < bytes / 2) top *= 2;  // bytes lies in (top, 2 top] after the loop, or top = pooled_from
    const std::size_t step = std::max<std::size_t>(top / 8, 4096);
    return (bytes + step - 1) / step * step;
  }

  void* take(std::size_t bytes) {
    const std::size_t size = size_class(bytes);
    if (size >= pooled_from) {
      const std::lock_guard<std::mutex> lock(mutex_);
      for (auto it = idle_.rbegin(); it != idle_.rend(); ++it)  // the most recently freed first
        if (it->size == size) {
          void* p = it->memory;
          idle_bytes_ -= size;
          idle_.erase(std::next(it).base());
          return p;
        }
    }
    return ::operator new(size);
  }

  void give(void* p, std::size_t bytes) noexcept {
    const std::size_t size = size_class(bytes);
    if (size < pooled_from || size > idle_limit) {
      ::operator delete(p);
      return;
    }
    std::vector<void*> release;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      while (!idle_.empty() && idle_bytes_ + size > idle_limit) {
        release.push_back(idle_.front().memory);
        idle_bytes_ -= idle_.front().size;
        idle_.erase(idle_.begin());
      }
      try {
        idle_.push_back({p, size});
        idle_bytes_ += size;
        p = nullptr;
      } catch (const std::bad_alloc&) {  // no room to remember it: free it instead
      }
    }
    if (p) ::operator delete(p);
    for (void* q : release) ::operator delete(q);
  }

  // Gives every idle buffer back to the system; returns the bytes released.
  std::size_t release() noexcept {
    std::vector<block> idle;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      idle.swap(idle_);
      idle_bytes_ = 0;
    }
    std::size_t bytes = 0;
    for (const block& b : idle) {
      bytes += b.size;
      ::operator delete(b.memory);
    }
    return bytes;
  }

  std::size_t idle_bytes() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return idle_bytes_;
  }

 private:
  struct block {
    void* memory;
    std::size_t size;
  };
  std::mutex mutex_;
  std::vector<block> idle_;  // oldest first
  std::size_t idle_bytes_ = 0;
};

// The allocator of result columns: std::vector<T, pooled<T>>.
template <typename T>
struct pooled {
  using value_type = T;
  pooled() noexcept = default;
  template <typename U>
  pooled(const pooled<U>&) noexcept {}  // NOLINT(google-explicit-constructor): allocator rebinding
  T* allocate(std::size_t n) { return static_cast<T*>(column_pool::instance().take(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { column_pool::instance().give(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const pooled<U>&) const noexcept {
    return true;
  }
};

template <typename T>
using column = std::vector<T, pooled<T>>;

}  // namespace descheck::python
