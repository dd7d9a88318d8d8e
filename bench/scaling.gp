# Cost per operation against the mapped size of one VM (bench/run.sh).
# Called with: gnuplot -e "dir='build/bench'; out='bench/scaling.png'" bench/scaling.gp
# Data: dir/scale-4k.dat and dir/scale-2m.dat, columns
#   bytes set_ns walk_ns floor_ns unmap_ns
set terminal pngcairo size 1000,800 font ",10"
set output out
set datafile separator "\t"
set logscale x 2
set format x "%.0b%B"
set xrange [1.5*2**20:24*2**30]
set key below maxrows 2 width 2
set grid
set lmargin 10
set rmargin 4
set multiplot layout 2,1 title "hypcore stage-2 core on the host: cost per operation while one VM's mapping grows"
set ylabel "ns per operation (median)"
set yrange [0:*]
plot dir.'/scale-4k.dat' using 1:3 with linespoints lw 2 pt 7 title "walk\\_npt, 4 KiB pages", \
     dir.'/scale-4k.dat' using 1:2 with linespoints lw 2 pt 5 title "set\\_npt level 3", \
     dir.'/scale-4k.dat' using 1:4 with linespoints lw 1 pt 6 dt 2 title "floor: bare 4-load walk", \
     dir.'/scale-2m.dat' using 1:3 with linespoints lw 2 pt 9 title "walk\\_npt, 2 MiB blocks", \
     dir.'/scale-2m.dat' using 1:2 with linespoints lw 2 pt 11 title "set\\_npt level 2", \
     dir.'/scale-2m.dat' using 1:4 with linespoints lw 1 pt 8 dt 2 title "floor: bare 3-load walk"
set xlabel "mapped memory (log scale)"
set key inside bottom left maxrows 2
set ylabel "walk\\_npt / floor (same run)"
set yrange [0:*]
plot dir.'/scale-4k.dat' using 1:($3/$4) with linespoints lw 2 pt 7 title "4 KiB pages", \
     dir.'/scale-2m.dat' using 1:($3/$4) with linespoints lw 2 pt 9 title "2 MiB blocks"
unset multiplot
