package i18n

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"strings"
	"syscall"
)

// Error is a sentence of the catalogs that is also an error, so a package
// that finds a problem (the config loader, the kiosk's start) publishes its
// key and details, and the console says it in the operator's language: In
// says it in a catalog's language, Error in English (logs, tests). Args that
// are errors are said in the same language, and errors.Is and errors.As see
// through them.
type Error struct {
	Key  Key
	Args []any
}

// Errorf is the error saying k with args.
func Errorf(k Key, args ...any) *Error { return &Error{Key: k, Args: args} }

// Error says e in English.
func (e *Error) Error() string { return e.In(For(string(English))) }

// In says e in c's language.
func (e *Error) In(c Catalog) string {
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if err, ok := a.(error); ok {
			a = Say(c, err)
		}
		args[i] = a
	}
	return c.F(e.Key, args...)
}

// Unwrap returns the errors among e's args.
func (e *Error) Unwrap() []error {
	var errs []error
	for _, a := range e.Args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// sayer is an error that can say itself in a language (Error, and the
// errors built of them such as config.FileError).
type sayer interface{ In(Catalog) string }

// Say is err in c's language, as far as its parts are known: an Error (or
// any error with an In method), lines joined by errors.Join, and the
// operating system's errors about files (a full disk, a denied permission)
// are said in c's language; any other error's own (English) text is kept,
// so no detail is lost.
func Say(c Catalog, err error) string {
	if err == nil {
		return ""
	}
	if s, ok := err.(sayer); ok {
		return s.In(c)
	}
	if lines, ok := joined(err); ok {
		said := make([]string, len(lines))
		for i, l := range lines {
			said[i] = Say(c, l)
		}
		return strings.Join(said, "\n")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Error() == err.Error() {
		return c.F(ErrPath, pe.Path, Say(c, pe.Err))
	}
	var le *os.LinkError
	if errors.As(err, &le) && le.Error() == err.Error() {
		return c.F(ErrLink, le.Old, le.New, Say(c, le.Err))
	}
	var se *os.SyscallError
	if errors.As(err, &se) && se.Error() == err.Error() {
		return Say(c, se.Err)
	}
	var ne *net.OpError
	if errors.As(err, &ne) && ne.Error() == err.Error() && ne.Addr != nil {
		return c.F(ErrPath, ne.Addr.String(), Say(c, ne.Err))
	}
	var errno syscall.Errno
	if errors.As(err, &errno) && errno.Error() == err.Error() {
		if k, ok := errnoKeys[errno]; ok {
			return c.T(k)
		}
	}
	return err.Error()
}

// joined returns the lines of an errors.Join error: an error whose
// wrapped errors' texts, one a line, are its own.
func joined(err error) ([]error, bool) {
	u, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return nil, false
	}
	errs := u.Unwrap()
	texts := make([]string, len(errs))
	for i, e := range errs {
		texts[i] = e.Error()
	}
	return errs, len(errs) > 0 && strings.Join(texts, "\n") == err.Error()
}

// The operating system's words about files, and what holds them together.
const (
	// ErrPath: %s the file, %s what is wrong with it.
	ErrPath Key = "err.path"
	// ErrLink: %s and %s the two files of a rename, %s what is wrong.
	ErrLink       Key = "err.link"
	ErrNoEntry    Key = "err.enoent"
	ErrDenied     Key = "err.eacces"
	ErrNoSpace    Key = "err.enospc"
	ErrQuota      Key = "err.edquot"
	ErrReadOnly   Key = "err.erofs"
	ErrNotDir     Key = "err.enotdir"
	ErrIsDir      Key = "err.eisdir"
	ErrExists     Key = "err.eexist"
	ErrIO         Key = "err.eio"
	ErrNotEmpty   Key = "err.enotempty"
	ErrBusy       Key = "err.ebusy"
	ErrNameLong   Key = "err.enametoolong"
	ErrLoop       Key = "err.eloop"
	ErrAddrInUse  Key = "err.eaddrinuse"
	ErrNoAddr     Key = "err.eaddrnotavail"
	ErrConnRefuse Key = "err.econnrefused"
)

var errnoKeys = map[syscall.Errno]Key{
	syscall.ENOENT: ErrNoEntry, syscall.EACCES: ErrDenied, syscall.EPERM: ErrDenied,
	syscall.ENOSPC: ErrNoSpace, syscall.EDQUOT: ErrQuota, syscall.EROFS: ErrReadOnly,
	syscall.ENOTDIR: ErrNotDir, syscall.EISDIR: ErrIsDir, syscall.EEXIST: ErrExists,
	syscall.EIO: ErrIO, syscall.ENOTEMPTY: ErrNotEmpty, syscall.EBUSY: ErrBusy,
	syscall.ENAMETOOLONG: ErrNameLong, syscall.ELOOP: ErrLoop,
	syscall.EADDRINUSE: ErrAddrInUse, syscall.EADDRNOTAVAIL: ErrNoAddr, syscall.ECONNREFUSED: ErrConnRefuse,
}

func init() {
	add(en, map[Key]string{
		ErrPath:       "%s: %s",
		ErrLink:       "%s -> %s: %s",
		ErrNoEntry:    "no such file or directory",
		ErrDenied:     "permission denied",
		ErrNoSpace:    "no space left on device",
		ErrQuota:      "disk quota exceeded",
		ErrReadOnly:   "read-only file system",
		ErrNotDir:     "not a directory",
		ErrIsDir:      "is a directory",
		ErrExists:     "file exists",
		ErrIO:         "input/output error",
		ErrNotEmpty:   "directory not empty",
		ErrBusy:       "device or resource busy",
		ErrNameLong:   "file name too long",
		ErrLoop:       "too many levels of symbolic links",
		ErrAddrInUse:  "address already in use",
		ErrNoAddr:     "cannot assign requested address",
		ErrConnRefuse: "connection refused",
	})
	add(ru, map[Key]string{
		ErrPath:       "%s: %s",
		ErrLink:       "%s -> %s: %s",
		ErrNoEntry:    "нет такого файла или каталога",
		ErrDenied:     "нет прав доступа",
		ErrNoSpace:    "на диске не осталось места",
		ErrQuota:      "превышена дисковая квота",
		ErrReadOnly:   "файловая система доступна только для чтения",
		ErrNotDir:     "это не каталог",
		ErrIsDir:      "это каталог",
		ErrExists:     "файл уже существует",
		ErrIO:         "ошибка ввода-вывода",
		ErrNotEmpty:   "каталог не пуст",
		ErrBusy:       "устройство или ресурс занят",
		ErrNameLong:   "слишком длинное имя файла",
		ErrLoop:       "слишком много уровней символических ссылок",
		ErrAddrInUse:  "адрес уже используется",
		ErrNoAddr:     "этот адрес недоступен на машине",
		ErrConnRefuse: "в соединении отказано",
	})
	add(kk, map[Key]string{
		ErrPath:       "%s: %s",
		ErrLink:       "%s -> %s: %s",
		ErrNoEntry:    "мұндай файл немесе каталог жоқ",
		ErrDenied:     "кіруге рұқсат жоқ",
		ErrNoSpace:    "дискіде орын қалмады",
		ErrQuota:      "диск квотасы асып кетті",
		ErrReadOnly:   "файлдық жүйе тек оқуға арналған",
		ErrNotDir:     "бұл каталог емес",
		ErrIsDir:      "бұл каталог",
		ErrExists:     "файл бұрыннан бар",
		ErrIO:         "енгізу-шығару қатесі",
		ErrNotEmpty:   "каталог бос емес",
		ErrBusy:       "құрылғы немесе ресурс бос емес",
		ErrNameLong:   "файл аты тым ұзын",
		ErrLoop:       "символдық сілтемелер деңгейі тым көп",
		ErrAddrInUse:  "мекенжай бос емес",
		ErrNoAddr:     "бұл мекенжай осы машинада жоқ",
		ErrConnRefuse: "қосылудан бас тартылды",
	})
}

// add copies one file's messages into a catalog; a key defined twice is a
// programming error that must not pass silently.
func add(catalog, msgs map[Key]string) {
	for k, v := range msgs {
		if _, dup := catalog[k]; dup {
			panic("i18n: key " + string(k) + " defined twice")
		}
		catalog[k] = v
	}
}

// Cause is the part of err the catalogs can say, for a sentence that
// names what was being done itself ("cannot open the outbox %s: %s"): err
// when it says itself, else the operating system's error inside it (a
// file's path and what is wrong with it), else err, whose English is kept.
func Cause(err error) error {
	if _, ok := err.(sayer); ok {
		return err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && known(pe.Err) {
		return pe
	}
	var le *os.LinkError
	if errors.As(err, &le) && known(le.Err) {
		return le
	}
	var ne *net.OpError
	if errors.As(err, &ne) && ne.Addr != nil && known(ne.Err) {
		return ne
	}
	var errno syscall.Errno
	if errors.As(err, &errno) && known(errno) {
		return errno
	}
	return err
}

// known reports whether err is an operating system error the catalogs say.
func known(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	_, ok := errnoKeys[errno]
	return ok
}
