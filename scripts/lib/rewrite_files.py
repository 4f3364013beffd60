"""Rewrites files in place (same size, new bytes) while mlx's tests run `mlx add` on them.

usage: rewrite_files.py LIST STARTED PAUSE COUNT
Picks files from LIST (one path a line) at random, pausing PAUSE seconds between files, COUNT
files in all (-1: no end); creates STARTED once the first file is rewritten.
"""
import os, random, sys, time
paths = open(sys.argv[1]).read().split()
count = 0
while count != int(sys.argv[4]):
    path = random.choice(paths)
    with open(path, 'r+b') as file:
        file.write(os.urandom(os.path.getsize(path)))
    open(sys.argv[2], 'w').close()
    count += 1
    time.sleep(float(sys.argv[3]))
