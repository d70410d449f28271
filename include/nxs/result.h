// nxs::Result<T> — a value or an Error, never an exception.
//
// An Error is a NetX code (nxs::Status) plus, when the failing code knows more, a structured detail: which
// certificate (depth and subject), which check or message, and a one-line message a person can act on, e.g.
//   NX_SECURE_X509_CHAIN_VERIFY_FAILURE: certificate at depth 1 (CN=Example CA) is not a CA: basicConstraints cA is
//   false
// The success path never allocates; the detail is built only when something fails.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "nxs/export.h"
#include "nxs/status.h"

namespace nxs {

// What an Error knows beyond its code. Every field is optional; empty strings and depth -1 mean "not known".
struct ErrorDetail {
    std::string message;  // one line in plain words, without the code name
    std::string check;    // the check or field that failed: "basicConstraints", "ServerHello.key_share"
    int depth = -1;       // certificate position in a chain (0 = leaf), or -1
    std::string subject;  // that certificate's subject, RFC 4514 style
};

class NXS_API Error {
public:
    Error(Status status) : m_status(status) {}  // NOLINT(google-explicit-constructor): `return Status::kX;` reads well
    Error(Status status, std::string message);
    Error(Status status, ErrorDetail detail);

    Status status() const noexcept { return m_status; }
    // The alert a connection sends for this error: the call site's override, else default_alert(status()).
    std::optional<AlertDescription> alert() const noexcept;
    Error& with_alert(AlertDescription alert) & noexcept;
    Error&& with_alert(AlertDescription alert) && noexcept;

    bool has_detail() const noexcept { return m_detail != nullptr; }
    // The detail; an empty one when none was given.
    const ErrorDetail& detail() const noexcept;
    // The one-line message: the detail's message, or the code's description.
    std::string message() const;
    // "NX_SECURE_...: message" — what the CLI prints.
    std::string to_string() const;

private:
    Status m_status;
    std::optional<AlertDescription> m_alert_override;
    std::shared_ptr<const ErrorDetail> m_detail;  // shared: Errors copy cheaply and the detail never changes
};

// A value of T or an Error. Result<void> carries only success or an Error.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(const T& value) : m_value(std::in_place_index<0>, value) {}          // NOLINT(google-explicit-constructor)
    Result(T&& value) : m_value(std::in_place_index<0>, std::move(value)) {}    // NOLINT(google-explicit-constructor)
    Result(Error error) : m_value(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)
    Result(Status status) : Result(Error(status)) {}                            // NOLINT(google-explicit-constructor)
    template <typename... Args>
    explicit Result(std::in_place_t /*tag*/, Args&&... args)
        : m_value(std::in_place_index<0>, std::forward<Args>(args)...) {}

    bool ok() const noexcept { return m_value.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & noexcept { return check_value(), *alternative<0>(m_value); }
    const T& value() const& noexcept { return check_value(), *alternative<0>(m_value); }
    T&& value() && noexcept { return check_value(), std::move(*alternative<0>(m_value)); }
    T& operator*() & noexcept { return value(); }
    const T& operator*() const& noexcept { return value(); }
    T&& operator*() && noexcept { return std::move(*this).value(); }
    T* operator->() noexcept { return &value(); }
    const T* operator->() const noexcept { return &value(); }

    const Error& error() const& noexcept { return check_error(), *alternative<1>(m_value); }
    Error&& error() && noexcept { return check_error(), std::move(*alternative<1>(m_value)); }
    // The status: kTlsSuccess when a value is held.
    Status status() const noexcept { return ok() ? Status::kTlsSuccess : error().status(); }

    template <typename U>
    T value_or(U&& fallback) const& {
        return ok() ? std::get<0>(m_value) : static_cast<T>(std::forward<U>(fallback));
    }

private:
    void check_value() const noexcept { assert(ok() && "Result::value() on an error"); }
    void check_error() const noexcept { assert(!ok() && "Result::error() on a value"); }
    // std::get would throw bad_variant_access out of the noexcept accessors above; the wrong access aborts here
    // instead (what a throw inside noexcept amounts to), and the check tells the compiler the pointer is not null.
    template <std::size_t I, typename Variant>
    static auto* alternative(Variant& v) noexcept {
        auto* p = std::get_if<I>(&v);
        if (p == nullptr) {
            std::abort();
        }
        return p;
    }

    std::variant<T, Error> m_value;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}  // NOLINT(google-explicit-constructor)
    Result(Status status) {                             // NOLINT(google-explicit-constructor)
        if (!is_success(status)) {
            m_error.emplace(status);
        }
    }

    bool ok() const noexcept { return !m_error.has_value(); }
    explicit operator bool() const noexcept { return ok(); }
    const Error& error() const& noexcept { return assert(!ok()), *m_error; }
    Error&& error() && noexcept { return assert(!ok()), std::move(*m_error); }
    Status status() const noexcept { return ok() ? Status::kTlsSuccess : m_error->status(); }

private:
    std::optional<Error> m_error;
};

}  // namespace nxs

#define NXS_DETAIL_CONCAT_INNER(a, b) a##b
#define NXS_DETAIL_CONCAT(a, b) NXS_DETAIL_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Result) from the enclosing function, which must return a Result or an Error.
#define NXS_TRY(expr)                                  \
    do {                                               \
        auto&& nxs_try_result_ = (expr);               \
        if (!nxs_try_result_.ok()) {                   \
            return std::move(nxs_try_result_).error(); \
        }                                              \
    } while (false)

// `NXS_TRY_ASSIGN(auto x, parse());` declares x from the value of a Result, or returns its error.
// NOLINTBEGIN(bugprone-macro-parentheses): `declaration` is a declaration (`auto x`) and `tmp` a generated name;
// neither can be parenthesised.
#define NXS_TRY_ASSIGN(declaration, expr) \
    NXS_DETAIL_TRY_ASSIGN(NXS_DETAIL_CONCAT(nxs_try_assign_, __LINE__), declaration, expr)
#define NXS_DETAIL_TRY_ASSIGN(tmp, declaration, expr) \
    auto tmp = (expr);                                \
    if (!tmp.ok()) {                                  \
        return std::move(tmp).error();                \
    }                                                 \
    declaration = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
