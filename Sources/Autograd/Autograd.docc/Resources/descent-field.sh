swift run autograd minimize 'b*(a + b)*(a - b)' --lr 1e-3 --steps 25 --starts 50 --seed 0 \
    --start-range=-10,10 --window=-10,10 --plot field.svg
