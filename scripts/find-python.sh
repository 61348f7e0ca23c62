#!/usr/bin/env bash
# Print the path of a working Python interpreter of the wanted minor version (e.g. 3.10), or fail.
# pyenv shims exist for every installed version but only run the selected one, so each candidate is tried.
set -u
want="$1"
candidates=("python$want")
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want"*/bin /usr/local/bin /usr/bin; do
  [ -x "$dir/python$want" ] && candidates+=("$dir/python$want")
done
[ "$want" != "3.10" ] && candidates+=(python3)
for c in "${candidates[@]}"; do
  if v=$("$c" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null); then
    if [ "$want" = "3.10" ] && [ "$v" = "3.10" ]; then command -v "$c" 2>/dev/null || echo "$c"; exit 0; fi
    if [ "$want" != "3.10" ] && [ "$(printf '%s\n' "$want" "$v" | sort -V | head -1)" = "$want" ]; then command -v "$c" 2>/dev/null || echo "$c"; exit 0; fi
  fi
done
echo "no Python $want found: install it (e.g. 'pyenv install $want' or 'apt-get install python$want')" >&2
exit 1
