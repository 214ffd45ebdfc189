#!/bin/bash
# completion-test.sh COMPLETION AGENDAPACK - the bash completion.
#
# Sources the completion (with bash-completion's helpers when they are
# installed, and without), then completes a few command lines and checks
# the candidates: commands, options (every long option of --help), style
# names from the layouts folder, editions, meeting files.  Run from the
# source root.
set -u
comp=$1
exe=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
failed=0

# complete LINE...: the candidates for the last word of LINE, one a line.
complete_line()
{
	COMP_WORDS=("$exe" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_agendapack "$exe" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sort -u
}

# expect NAME WANT LINE...: WANT (space-separated) are all candidates.
expect()
{
	local name=$1 want=$2 got w miss=""
	shift 2
	got=$(complete_line "$@")
	for w in $want; do
		grep -qx -- "$w" <<<"$got" || miss="$miss $w"
	done
	if [ -n "$miss" ]; then
		echo "FAIL $name: missing$miss; got: $(echo $got)"
		failed=$((failed + 1))
	else
		echo "ok   $name: $(echo $got | cut -c1-100)"
	fi
}

# only NAME WANT LINE...: the candidates are exactly WANT.
only()
{
	local name=$1 want=$2 got
	shift 2
	got=$(complete_line "$@" | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" != "$want" ]; then
		echo "FAIL $name: got '$got', want '$want'"
		failed=$((failed + 1))
	else
		echo "ok   $name: $got"
	fi
}

run_all()
{
	only "command b" "build" b
	only "command c" "check" c
	only "command s" "sign" s
	expect "commands" "build check sign help version" ""
	only "option --la" "--layout" build meeting.yaml --la
	only "option --ed" "--edition" build meeting.yaml --ed
	expect "every long option of --help" \
	    "$("$exe" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)" build x.yaml --
	expect "style names" "default large-print borough" build x.yaml --layout ""
	only "style la (and the folder)" "large-print layouts" build x.yaml -l la
	only "editions" "all full public" build x.yaml --edition ""
	expect "every long option of sign --help" \
	    "$("$exe" sign --help | grep -o -- '--[a-z][a-z-]*' | sort -u)" sign x.pdf --
	only "sign --k" "--key" sign x.pdf --k
	only "edition f" "full" build x.yaml --edition f
	expect "meeting files" \
	    "examples/essex-paf-2018-02-08/meeting.yaml" \
	    build examples/essex-paf-2018-02-08/me
}

# shellcheck source=/dev/null
. "$comp" || { echo "FAIL: sourcing $comp"; exit 1; }
echo "# without bash-completion's helpers"
run_all
for bc in /usr/share/bash-completion/bash_completion; do
	if [ -r "$bc" ]; then
		echo "# with $bc"
		# shellcheck source=/dev/null
		. "$bc" && . "$comp" && run_all
	else
		echo "SKIP with bash-completion: $bc missing"
	fi
done
echo "$failed failed"
[ "$failed" -eq 0 ]
